import { sleep } from 'n8n-workflow';

/**
 * A sliding-window limiter: at most `limit` starts in any `windowMs`. Providers publish
 * their limits as "N calls per window" (WeCom 10,000/min per API, DingTalk 20/s per API),
 * and a sliding log is the only shape that guarantees never exceeding such a limit, where a
 * token bucket's burst can.
 */
export class SlidingWindowLimiter {
	private readonly starts: number[] = [];
	private head = 0;
	private chain: Promise<void> = Promise.resolve();

	/**
	 * @param spacingMs least time between two starts. A provider that counts per second
	 * (DingTalk) sees a burst of `limit` starts arrive spread by our own per-request work,
	 * so the first can land late and the next window's first early; evenly spaced starts
	 * arrive evenly spaced.
	 */
	constructor(
		readonly limit: number,
		readonly windowMs: number,
		readonly spacingMs = 0,
	) {
		if (!(limit >= 1) || !(windowMs > 0)) throw new Error('Rate limit needs a positive limit and window');
	}

	/** Resolves when a call may start; calls are admitted in arrival order. */
	async take(): Promise<void> {
		const turn = this.chain.then(() => this.admit());
		this.chain = turn.catch(() => undefined);
		return await turn;
	}

	private async admit(): Promise<void> {
		for (;;) {
			const now = Date.now();
			while (this.head < this.starts.length && this.starts[this.head] <= now - this.windowMs) this.head++;
			if (this.head > 1024) {
				this.starts.splice(0, this.head);
				this.head = 0;
			}
			const last = this.starts.length > 0 ? this.starts[this.starts.length - 1] : -Infinity;
			const spaced = now - last >= this.spacingMs;
			if (this.starts.length - this.head < this.limit && spaced) {
				this.starts.push(now);
				return;
			}
			const wait = spaced ? this.starts[this.head] + this.windowMs - now + 1 : last + this.spacingMs - now;
			await sleep(Math.max(1, wait));
		}
	}
}

/** One limiter per key (per provider app and API path), created on first use. */
export class LimiterRegistry {
	private readonly limiters = new Map<string, SlidingWindowLimiter>();

	get(key: string, limit: number, windowMs: number, spacingMs = 0): SlidingWindowLimiter {
		const id = `${key}|${limit}/${windowMs}/${spacingMs}`;
		let limiter = this.limiters.get(id);
		if (!limiter) {
			limiter = new SlidingWindowLimiter(limit, windowMs, spacingMs);
			this.limiters.set(id, limiter);
		}
		return limiter;
	}
}
