import { DirectoryApiError } from './errors';

interface Suspension {
	until: number;
	cause: DirectoryApiError;
}

/**
 * Hosts the provider has banned (DingTalk bans an egress IP for 5 minutes past 10,000 calls
 * in 20 s). While a ban lasts, every call fails at once without touching the network:
 * retrying into a ban only extends it, and it would fail every item the same way.
 * Process-wide, like the ban itself: a second workflow run inside the window stops too.
 */
export class CircuitBreaker {
	private readonly open = new Map<string, Suspension>();

	trip(key: string, cause: DirectoryApiError, ms: number): void {
		const until = Date.now() + ms;
		const current = this.open.get(key);
		if (!current || current.until < until) this.open.set(key, { until, cause });
	}

	/** The error to fail with while `key` is suspended, or undefined when calls may go out. */
	check(key: string, path: string): DirectoryApiError | undefined {
		const suspension = this.open.get(key);
		if (!suspension) return undefined;
		if (Date.now() >= suspension.until) {
			this.open.delete(key);
			return undefined;
		}
		const { cause } = suspension;
		return new DirectoryApiError({
			provider: cause.provider,
			errorClass: 'config',
			path,
			errcode: cause.errcode,
			httpStatus: cause.httpStatus,
			errmsg: `not called: the host is blocking this server until ${new Date(suspension.until).toISOString()} (${cause.errmsg ?? 'blocked'})`,
			hint: cause.hint,
		});
	}

	reset(key?: string): void {
		if (key === undefined) this.open.clear();
		else this.open.delete(key);
	}
}

/** The process-wide breaker, keyed by base URL. */
export const circuitBreaker = new CircuitBreaker();
