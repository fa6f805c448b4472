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
	/** When the next start is due on the spacing grid. */
	private nextSlot = -Infinity;

	/**
	 * @param spacingMs least time between two starts. A provider that counts per second
	 * (DingTalk) sees a burst of `limit` starts arrive spread by our own per-request work,
	 * so the first can land late and the next window's first early; evenly spaced starts
	 * arrive evenly spaced. Starts keep to a grid `spacingMs` apart: a timer that fires late
	 * (it always does, by a millisecond or more) does not push every later start back, which
	 * at 10 ms spacing would cost a tenth of the budget. The window stays the hard limit.
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
			const windowWait = this.starts.length - this.head < this.limit ? 0 : this.starts[this.head] + this.windowMs - now;
			const slotWait = this.nextSlot - now;
			if (windowWait <= 0 && slotWait <= 0) {
				this.starts.push(now);
				// Catch up at most half a slot, so two starts are never closer than half the spacing.
				if (this.spacingMs > 0) this.nextSlot = Math.max(this.nextSlot, now - this.spacingMs / 2) + this.spacingMs;
				return;
			}
			const wait = Math.max(windowWait, slotWait);
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
