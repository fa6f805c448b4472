import { sleep } from 'n8n-workflow';

/**
 * How a limiter reacts when the provider refuses a call for its rate (DingTalk 90018, WeCom
 * 45009). The configured budget assumes this process has the app to itself; several n8n
 * processes on one app (queue-mode workers, a second instance) each keep their own budget and
 * together exceed the platform's limit. A refusal is the only sign of them, so the limiter
 * lowers its own rate to the share it actually got and creeps back up (AIMD, as TCP does):
 * processes sharing an app settle under the platform's limit without configuration.
 */
export const ADAPTIVE = {
	/**
	 * Below a process's own part of the window, when that is what the rate falls back to:
	 * arrivals jitter by the network, and the platform counts arrivals.
	 */
	decrease: 0.95,
	/**
	 * No increase for this long after a decrease. Each climb past the limit blocks the API for every
	 * process sharing the app (DingTalk: a second), so probing often costs more than the few
	 * percent a lower rate leaves unused.
	 */
	holdMs: 30_000,
	/** Then back up by this fraction of the budget per second, until the budget again. */
	increasePerSecond: 0.1,
	/**
	 * A climb refused (the others still share the app) returns to the rate that held and doubles
	 * the hold, up to this many times the first: each climb past the limit costs every process a
	 * blocked second, so while the sharers stay, probing grows rarer.
	 */
	maxHoldFactor: 4,
};

/** After a refusal, the probe goes out after this fraction of the block. */
const PROBE_FRACTION = 0.1;

/** A call sent this much after its admission is counted from when it was sent (see `sending`). */
const LATE_SEND_MS = 5;

/**
 * A spaced limiter (one whose provider counts per second) widens its window while this
 * process's timers fire late: a loaded machine or a busy event loop delays some calls more
 * than others between our start and the provider's count, and the window's own margin (5%
 * for DingTalk) is sized for the network alone. The widening is the lateness seen (timers up
 * to `LATENESS_IGNORED_MS` late count as on time), at most `MAX_SLACK_FRACTION` of the window,
 * and fades over `LATENESS_MEMORY_MS` once timers are on time again.
 */
const LATENESS_IGNORED_MS = 4;
const MAX_SLACK_FRACTION = 0.2;
const LATENESS_MEMORY_MS = 10_000;

/**
 * A sliding-window limiter: at most `limit` starts in any `windowMs`. Providers publish
 * their limits as "N calls per window" (WeCom 10,000/min per API, DingTalk 20/s per API),
 * and a sliding log is the only shape that guarantees never exceeding such a limit, where a
 * token bucket's burst can.
 *
 * The rate adapts (see ADAPTIVE): `limit` is the ceiling, `rate` what is allowed now.
 */
export class SlidingWindowLimiter {
	/** Start times of the last two windows: the window for admission, both for the share a refused call saw. */
	private readonly starts: number[] = [];
	private head = 0;
	/** The first start inside the current window. */
	private windowHead = 0;
	private chain: Promise<void> = Promise.resolve();
	/** When the next start is due on the spacing grid. */
	private nextSlot = -Infinity;
	/** Starts allowed per window now; `limit` until the provider refuses one. */
	private current: number;
	/** No start before this: the provider is blocking the API. */
	private pausedUntil = 0;
	/** No increase before this. */
	private holdUntil = 0;
	private raisedAt = 0;
	/** The rate the last decrease set, which held through its hold: a refused climb returns to it. */
	private heldRate?: number;
	/** The current hold's length, in units of ADAPTIVE.holdMs. */
	private holdFactor = 1;
	/** How many processes the last fair share was for; undefined at the full budget or at a share of unknown size. */
	private sharers?: number;
	/** When the rate was last lowered; refusals of calls sent before it were sent too fast already. */
	private loweredAt = -Infinity;
	/**
	 * A refusal not yet confirmed: every call waits, then one probe goes out. A probe that is
	 * refused confirms the block (and the rate drops); one answered shows a one-off refusal.
	 */
	private episode?: { sentAt: number; refusedAt: number; blockMs: number; probeSentAt?: number };
	/** When the last rate refusal arrived. */
	private refusedAt = -Infinity;
	/** How often the rate was lowered (tests and the bench read it). */
	decreases = 0;
	/** When the rate changed and to what, the last few times (the bench reads it). */
	readonly history: Array<{ at: number; rate: number }> = [];
	/** The window's widening for late timers (see LATENESS_IGNORED_MS), as set at `lateSlackAt`. */
	private lateSlack = 0;
	private lateSlackAt = 0;

	/**
	 * @param spacingMs least time between two starts at the full budget. A provider that counts
	 * per second (DingTalk) sees a burst of `limit` starts arrive spread by our own per-request
	 * work, so the first can land late and the next window's first early; evenly spaced starts
	 * arrive evenly spaced. Starts keep to a grid `spacingMs` apart: a timer that fires late
	 * (it always does, by a millisecond or more) does not push every later start back, which
	 * at 10 ms spacing would cost a tenth of the budget. The window stays the hard limit. At a
	 * lowered rate the spacing widens in proportion.
	 */
	constructor(
		readonly limit: number,
		readonly windowMs: number,
		readonly spacingMs = 0,
		/**
		 * The provider's own window, when `windowMs` is it plus a margin. At a share of the app
		 * the limiter keeps whole calls per window: a third of 20 is 6 calls, and 6 per 1,050 ms
		 * would leave 14% of the share unused, while three processes at 6 per second send 18 of
		 * the 20 the provider allows: the rounding already leaves more room than the margin.
		 */
		readonly providerWindowMs?: number,
	) {
		if (!(limit >= 1) || !(windowMs > 0)) throw new Error('Rate limit needs a positive limit and window');
		this.current = limit;
	}

	/** Starts allowed per window now (fractional while it climbs back). */
	get rate(): number {
		return this.current;
	}

	/** Resolves with the start time when a call may start; calls are admitted in arrival order. */
	async take(): Promise<number> {
		const turn = this.chain.then(async () => await this.admit());
		this.chain = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	}

	/**
	 * The provider refused a call started at `sentAt` for its rate and blocks the API for
	 * `blockMs`. Calls wait a tenth of the block, then one probe goes out: a stray refusal (the
	 * provider's hiccup, an injected fault) must not cut the rate for the whole hold, and a real
	 * block refuses the probe too. Once the probe confirms it, calls wait the block out (a call
	 * sent into it is only refused again) and the rate drops. Several refusals of one burst
	 * lower the rate once. Answers how many processes seem to share the app, when it lowered it.
	 *
	 * The share: the k starts this process made in the window before the refused call. When the
	 * platform's window filled, k was this process's part of it; every process sharing the app
	 * is refused in the same block, so the parts add up to the limit. But processes that began
	 * a little apart (a worker picks its job up later) have unequal parts, and a rate set to k
	 * would keep them unequal for the whole hold: the late one finishes last, at its smaller
	 * share, while the app's capacity sits unused. Every process sends at the same budget until
	 * then, so limit ÷ k rounded is the number of processes sharing, and limit ÷ that number is
	 * a fair share each process computes alike. Rounding can guess too few sharers (a platform
	 * that enforces less than the budget, a process that came much later): a second refusal
	 * during the hold then falls back to k itself (at most halving the rate).
	 */
	refused(sentAt: number, blockMs: number): number | undefined {
		const now = Date.now();
		const episode = this.episode;
		if (episode) {
			// The probe was refused too: the API is blocked, the refusal was the limit's.
			if (episode.probeSentAt !== undefined && sentAt >= episode.probeSentAt) {
				this.episode = undefined;
				this.refusedAt = now;
				this.pausedUntil = Math.max(this.pausedUntil, episode.refusedAt + blockMs, now + PROBE_FRACTION * blockMs);
				// The episode began with a call sent before the rate was last lowered (another API of
				// the app was refused in the same burst and lowered this one meanwhile): that burst has
				// been answered already; lowering again would take it for a second refusal.
				if (episode.sentAt < this.loweredAt) return undefined;
				return this.lowerFor(episode.sentAt, now);
			}
			// Sent before the probe: the same burst.
			return undefined;
		}
		if (sentAt < this.loweredAt) {
			// Sent before the last decrease: the block that caused it, still on.
			this.pausedUntil = Math.max(this.pausedUntil, now + PROBE_FRACTION * blockMs);
			return undefined;
		}
		// A new refusal: hold every call back, and after a tenth of the block send one probe.
		this.episode = { sentAt, refusedAt: now, blockMs };
		this.refusedAt = now;
		this.pausedUntil = Math.max(this.pausedUntil, now + PROBE_FRACTION * blockMs);
		return undefined;
	}

	/**
	 * A call started at `sentAt` was answered, and not with a rate refusal. If it was sent after
	 * the refused call (the probe, or one already in flight), the API was not blocked: the
	 * refusal was a one-off (the provider's own hiccup, a fault), not this app exceeding its
	 * limit. Resume at the same rate; only the refused call itself waits before its retry.
	 */
	answered(sentAt: number): void {
		const episode = this.episode;
		if (!episode || sentAt <= episode.sentAt) return;
		this.episode = undefined;
		this.pausedUntil = 0;
	}

	/** Lower the rate for a refusal confirmed as the limit's; answers the processes seen sharing the app. */
	private lowerFor(sentAt: number, now: number): number | undefined {
		let share = 0;
		for (let i = this.head; i < this.starts.length; i++) {
			const t = this.starts[i];
			if (t >= sentAt) break;
			if (t >= sentAt - this.windowMs) share++;
		}
		const again = now < this.holdUntil;
		const sharers = Math.max(1, Math.round(this.limit / Math.max(1, share)));
		if (!again && this.heldRate !== undefined && this.current > this.heldRate) {
			// Refused while climbing back: the processes that shared the app still do, so probe half
			// as often. The rate goes back to the share that held, or to the share this window shows
			// if that is more (the first estimate can come from a window the API had only begun to
			// use); at least two share the app, or the climb would not have been refused; and below
			// the rate that was refused.
			this.holdFactor = Math.min(ADAPTIVE.maxHoldFactor, this.holdFactor * 2);
			const held = Math.max(this.heldRate, this.limit / Math.max(2, sharers));
			this.lower(held < this.current ? held : this.current * ADAPTIVE.decrease, this.pausedUntil);
			this.sharers = Math.round(this.limit / this.current);
			this.loweredAt = now;
			return undefined;
		}
		this.holdFactor = 1;
		// The fair share keeps the margin the budget keeps (DingTalk: 20 per 1.05 s, WeCom 9,000
		// of 10,000): the shares add up to what one process alone sends without a refusal. Its
		// own part of the window, when refused again within the hold, has no such margin: 0.95 ×,
		// and at most halving per refusal, as AIMD does.
		const target = again ? Math.max(share * ADAPTIVE.decrease, this.current / 2) : this.limit / sharers;
		this.lower(target, this.pausedUntil);
		this.sharers = again ? undefined : sharers;
		// Later refusals of calls sent before now were sent at the old rate: this one reacted to them.
		this.loweredAt = now;
		return again ? undefined : sharers;
	}

	/**
	 * Another API of the same app was refused and `sharers` processes seem to share the app:
	 * they run the same workflows, so this API, if it is busy, is about to be refused as well,
	 * and each refusal blocks the API for every process for a second. Lower it now, without
	 * waiting for its own block. An idle API (a quarter of its rate or less used in the last
	 * window) is left alone: it may be this process's alone.
	 */
	follow(sharers: number): void {
		const now = Date.now();
		let recent = 0;
		for (let i = this.starts.length - 1; i >= this.head && this.starts[i] > now - this.windowMs; i--) recent++;
		if (recent <= this.current / 4) return;
		this.lower(this.limit / sharers, now);
		if (this.current === this.limit / sharers) this.sharers = sharers;
	}

	private lower(target: number, from: number): void {
		const rate = Math.max(1, Math.min(this.current, target));
		if (rate >= this.current) return;
		this.current = rate;
		this.heldRate = rate;
		this.record(rate);
		this.loweredAt = Date.now();
		this.holdUntil = from + ADAPTIVE.holdMs * this.holdFactor;
		this.raisedAt = this.holdUntil;
		this.decreases++;
	}

	/**
	 * The call admitted at `admittedAt` goes out only now: it waited for a token, or the event
	 * loop was busy (a GC pause, a loaded machine). The provider counts arrivals, so the window
	 * must count this call from now: its admission time is moved to now, and a call admitted
	 * later is held until the window, counted by when calls really went out, has room. Without
	 * this, a call delayed past the window's margin arrives in the same second as the calls
	 * admitted a window after it, and the provider refuses one.
	 */
	sending(admittedAt: number, now = Date.now()): void {
		if (now - admittedAt < LATE_SEND_MS) return;
		const starts = this.starts;
		for (let i = starts.length - 1; i >= this.head && starts[i] >= admittedAt; i--) {
			if (starts[i] !== admittedAt) continue;
			// Keep the log in order: move the entry right past the starts admitted before `now`.
			let j = i;
			for (; j + 1 < starts.length && starts[j + 1] < now; j++) starts[j] = starts[j + 1];
			starts[j] = now;
			// An entry that had left the window (a wait longer than the window) is back in it.
			if (i < this.windowHead && j >= this.windowHead) this.windowHead--;
			return;
		}
	}

	/**
	 * Whether a call admitted at `admittedAt` should not go out after all: a refusal arrived
	 * since, and the API is blocked. A call can wait between admission and sending (for a
	 * token, or for a busy event loop); sent into the block it would only be refused too.
	 */
	blockedSince(admittedAt: number): boolean {
		return this.refusedAt >= admittedAt && this.pausedUntil > Date.now();
	}

	private record(rate: number): void {
		if (this.history.length >= 32) this.history.shift();
		this.history.push({ at: Date.now(), rate: Math.round(rate * 100) / 100 });
	}

	/**
	 * The window for `allowed` calls: the provider's own when this process keeps a share whose
	 * whole calls, summed over the processes sharing, stay below the margin's limit anyway.
	 */
	private windowFor(allowed: number): number {
		const provider = this.providerWindowMs;
		if (provider === undefined || this.sharers === undefined) return this.windowMs;
		return allowed * this.sharers <= (this.limit * provider) / this.windowMs ? provider : this.windowMs;
	}

	/** The window's widening now (spaced limiters only): the lateness last seen, fading out. */
	slack(now = Date.now()): number {
		if (this.lateSlack <= 0) return 0;
		const left = this.lateSlack * (1 - (now - this.lateSlackAt) / LATENESS_MEMORY_MS);
		return left > 0 ? left : 0;
	}

	/** A timer of this limiter fired `lateMs` late. */
	noteLateness(lateMs: number, now = Date.now()): void {
		if (this.spacingMs <= 0 || lateMs <= LATENESS_IGNORED_MS) return;
		const slack = Math.min(lateMs, this.windowMs * MAX_SLACK_FRACTION);
		if (slack < this.slack(now)) return;
		this.lateSlack = slack;
		this.lateSlackAt = now;
	}

	/** Additive increase once the hold is over, up to the configured budget. */
	private climb(now: number): void {
		if (this.current >= this.limit || now <= this.holdUntil) return;
		this.current = Math.min(this.limit, this.current + (this.limit * ADAPTIVE.increasePerSecond * (now - this.raisedAt)) / 1000);
		this.raisedAt = now;
		if (this.current >= this.limit) {
			// Back at the budget unrefused: the sharers have gone, a later refusal is a new episode.
			this.record(this.limit);
			this.sharers = undefined;
			this.heldRate = undefined;
			this.holdFactor = 1;
		}
	}

	private async admit(): Promise<number> {
		for (;;) {
			const now = Date.now();
			this.climb(now);
			// Keep two windows: refused() counts the window before a call sent up to a latency ago.
			while (this.head < this.starts.length && this.starts[this.head] <= now - 2 * this.windowMs) this.head++;
			if (this.head > 1024) {
				this.starts.splice(0, this.head);
				this.windowHead -= this.head;
				this.head = 0;
			}
			const allowed = Math.max(1, Math.floor(this.current));
			const window = this.windowFor(allowed) + this.slack(now);
			this.windowHead = Math.max(this.windowHead, this.head);
			// A window that widened takes back starts it had let go.
			while (this.windowHead > this.head && this.starts[this.windowHead - 1] > now - window) this.windowHead--;
			while (this.windowHead < this.starts.length && this.starts[this.windowHead] <= now - window) this.windowHead++;
			const inWindow = this.starts.length - this.windowHead;
			// Past the allowance (it may have just dropped), wait until enough starts leave the window.
			const windowWait = inWindow < allowed ? 0 : this.starts[this.windowHead + inWindow - allowed] + window - now;
			// Whole calls per window, evenly spaced: spacingMs at the full budget, in proportion below it.
			const spacing = this.spacingMs > 0 ? (this.spacingMs * this.limit * window) / (allowed * this.windowMs) : 0;
			const slotWait = this.nextSlot - now;
			const pauseWait = this.pausedUntil - now;
			const episode = this.episode;
			if (episode?.probeSentAt !== undefined) {
				// The probe is out: wait for its answer, for at most the block, then give up on it.
				if (now - episode.probeSentAt < episode.blockMs) {
					await sleep(Math.max(1, Math.min(10, this.spacingMs || 10)));
					continue;
				}
				this.episode = undefined;
			}
			if (windowWait <= 0 && slotWait <= 0 && pauseWait <= 0) {
				if (this.episode) this.episode.probeSentAt = now;
				this.starts.push(now);
				// Catch up at most half a slot, so two starts are never closer than half the spacing.
				if (spacing > 0) this.nextSlot = Math.max(this.nextSlot, now - spacing / 2) + spacing;
				return now;
			}
			const wait = Math.max(1, windowWait, slotWait, pauseWait);
			const asleepAt = Date.now();
			await sleep(wait);
			this.noteLateness(Date.now() - asleepAt - wait);
		}
	}
}

/** One limiter per key (per provider app and API path), created on first use. */
export class LimiterRegistry {
	private readonly limiters = new Map<string, SlidingWindowLimiter>();
	/** The limiters of one app (credential), so a refusal on one API can lower the others. */
	private readonly families = new Map<string, Set<SlidingWindowLimiter>>();

	get(key: string, limit: number, windowMs: number, spacingMs = 0, family = key, providerWindowMs?: number): SlidingWindowLimiter {
		const id = `${key}|${limit}/${windowMs}/${spacingMs}`;
		let limiter = this.limiters.get(id);
		if (!limiter) {
			limiter = new SlidingWindowLimiter(limit, windowMs, spacingMs, providerWindowMs);
			this.limiters.set(id, limiter);
			let members = this.families.get(family);
			if (!members) this.families.set(family, (members = new Set()));
			members.add(limiter);
		}
		return limiter;
	}

	/** Every limiter's rate now and its recent changes, by key (the bench reports them). */
	snapshot(): Array<{ key: string; rate: number; decreases: number; history: Array<{ at: number; rate: number }> }> {
		return [...this.limiters].map(([key, l]) => ({ key, rate: l.rate, decreases: l.decreases, history: [...l.history] }));
	}

	/** A rate refusal on `limiter`: lower it, and the busy APIs of the same app with the same window. */
	refused(limiter: SlidingWindowLimiter, family: string, sentAt: number, blockMs: number): void {
		const sharers = limiter.refused(sentAt, blockMs);
		if (sharers === undefined) return;
		for (const other of this.families.get(family) ?? []) {
			if (other !== limiter && other.windowMs === limiter.windowMs) other.follow(sharers);
		}
	}
}
