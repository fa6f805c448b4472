/**
 * A counting semaphore and a bounded-concurrency map. The pool caps how many calls are in
 * flight (WeCom answers 45033 past its concurrency cap); the rate limiter caps how many
 * start per window. Both are needed.
 */
export class Semaphore {
	private active = 0;
	private readonly waiters: Array<() => void> = [];
	/** Slots allowed now: the configured limit until the provider refuses for concurrency. */
	private current: number;
	private holdUntil = 0;
	private raisedAt = 0;
	private shrunkAt = -Infinity;

	constructor(private readonly limit: number) {
		if (!(limit >= 1)) throw new Error('Semaphore limit must be at least 1');
		this.current = limit;
	}

	/** Slots allowed now. */
	get size(): number {
		return this.current;
	}

	/**
	 * The provider refused a call started at `sentAt` for too many in flight (WeCom 45033):
	 * other processes on the same corp hold slots too. Halve the pool (multiplicative decrease);
	 * after a hold it grows back one slot a second, up to the configured limit. A refusal of a
	 * call started before the last halving was sent with the old pool: it halves nothing more.
	 */
	shrink(sentAt: number, holdMs = 30_000): void {
		if (sentAt < this.shrunkAt) return;
		const now = Date.now();
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.shrunkAt = now;
		this.holdUntil = now + holdMs;
		this.raisedAt = this.holdUntil;
	}

	private grow(): void {
		const now = Date.now();
		if (this.current >= this.limit || now <= this.holdUntil) return;
		const slots = Math.floor((now - this.raisedAt) / 1000);
		if (slots < 1) return;
		this.current = Math.min(this.limit, this.current + slots);
		this.raisedAt += slots * 1000;
	}

	async acquire(): Promise<void> {
		this.grow();
		if (this.active < this.current) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	release(): void {
		this.grow();
		// A shrunk pool lets the slot go instead of handing it on, until in-flight calls fit again.
		if (this.active > this.current) {
			this.active--;
			return;
		}
		const next = this.waiters.shift();
		if (next) next();
		else this.active--;
		// A grown pool starts waiters the freed slots now allow.
		while (this.active < this.current && this.waiters.length > 0) {
			this.active++;
			this.waiters.shift()!();
		}
	}

	async run<T>(fn: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			this.release();
		}
	}
}

/** Map over items with at most `limit` running at once; results keep input order. The first rejection rejects the whole map after in-flight work settles. */
export async function mapConcurrent<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed: { error: unknown } | undefined;
	const worker = async () => {
		while (!failed && next < items.length) {
			const index = next++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				failed ??= { error };
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
	await Promise.all(workers);
	if (failed) throw failed.error;
	return results;
}
