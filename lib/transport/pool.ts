/**
 * A counting semaphore and a bounded-concurrency map. The pool caps how many calls are in
 * flight (WeCom answers 45033 past its concurrency cap); the rate limiter caps how many
 * start per window. Both are needed.
 */
export class Semaphore {
	private active = 0;
	private readonly waiters: Array<() => void> = [];

	constructor(private readonly limit: number) {
		if (!(limit >= 1)) throw new Error('Semaphore limit must be at least 1');
	}

	async acquire(): Promise<void> {
		if (this.active < this.limit) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	release(): void {
		const next = this.waiters.shift();
		if (next) next();
		else this.active--;
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
