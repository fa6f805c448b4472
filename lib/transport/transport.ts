import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { circuitBreaker } from './circuitBreaker';
import { DirectoryApiError } from './errors';
import { Semaphore } from './pool';
import { LimiterRegistry } from './rateLimiter';
import { redact } from './redact';
import type { TransportStats } from './stats';
import { newStats } from './stats';
import { tokenCache } from './tokenCache';
import { isProven, markProven, MAX_STALE_TOKEN_RETRIES_PER_CALL, MAX_TOKEN_REFRESHES_PER_CALL } from './tokenProof';
import type { CallOptions, RawResponse, RouteLimiter, TransportOptions, Tries } from './transportTypes';

export type { CallOptions, HttpRequester, ProviderProfile, RateLimit, RawResponse, TransportOptions } from './transportTypes';

// Budgets outlive one execution: two workflows using the same corp share its limits.
/** One limiter per credential and API for the whole process: every workflow on a credential shares it. */
export const limiters = new LimiterRegistry();

const semaphores = new Map<string, Semaphore>();

function semaphoreFor(key: string, concurrency: number): Semaphore {
	const id = `${key}|${concurrency}`;
	let sem = semaphores.get(id);
	if (!sem) {
		sem = new Semaphore(concurrency);
		semaphores.set(id, sem);
	}
	return sem;
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

/**
 * The one place that decides how a call is made and what its failure means: concurrency
 * pool, per-API rate limit, token injection with single refresh, classified retries with
 * exponential backoff and jitter, and redaction of anything that leaves.
 */
export class Transport {
	readonly stats: TransportStats;
	private readonly opts: TransportOptions;
	private readonly pool: Semaphore;
	/** Set by abort(): the run has failed, so no call starts and no retry is made any more. */
	private aborted?: DirectoryApiError;

	constructor(opts: TransportOptions) {
		this.opts = opts;
		this.stats = opts.stats ?? newStats();
		this.pool = semaphoreFor(opts.credentialKey, Math.max(1, opts.concurrency));
	}

	get concurrency(): number {
		return Math.max(1, this.opts.concurrency);
	}

	get provider(): string {
		return this.opts.profile.provider;
	}

	/**
	 * The run this transport serves has failed (a directory walk met an error it cannot skip):
	 * calls waiting to start and calls backing off between retries stop at once, instead of
	 * retrying in the background for a result nobody will read.
	 */
	abort(cause: DirectoryApiError): void {
		this.aborted ??= cause;
	}

	private abortedError(path: string): DirectoryApiError | undefined {
		if (!this.aborted) return undefined;
		return new DirectoryApiError({
			provider: this.provider,
			errorClass: this.aborted.errorClass,
			path,
			errmsg: `not called: the run stopped after an earlier failure (${this.aborted.message})`,
			hint: this.aborted.hint,
		});
	}

	/** Bans are per host, whichever credential hit them. */
	private get breakerKey(): string {
		return this.opts.baseUrl.replace(/\/+$/, '');
	}

	async call<T = IDataObject>(method: IHttpRequestMethods, path: string, options: CallOptions = {}): Promise<T> {
		// Providers without an access-token dance (Casdoor, SCIM) authenticate in `decorate`.
		const auth = options.auth !== false && this.opts.fetchToken !== undefined;
		const maxAttempts = this.opts.maxAttempts ?? 6;
		const tries: Tries = { tokenRefreshes: 0, staleTokenRetries: 0, transientAttempts: 0, ambiguousAttempts: 0 };
		const route = options.route ?? path;
		const pooled = options.tokenRequest !== true;
		const key = this.opts.credentialKey;
		for (;;) {
			const suspended = circuitBreaker.check(this.breakerKey, path) ?? this.abortedError(path);
			if (suspended) throw suspended;
			// Have a token before queuing: a wrong secret fails here, before the call takes a slot,
			// and a refresh this call asked for (it invalidated the token) starts now, not after
			// the call has queued again.
			if (auth) await this.token();
			const limit = this.opts.pathLimits?.[route] ?? this.opts.rateLimit;
			const limiter = limiters.get(`${key}|${route}`, limit.limit, limit.windowMs, limit.spread ? limit.windowMs / limit.limit : 0, key, limit.providerWindowMs);
			const { token, response, sentAt, failure: unsent } = await this.attempt(method, path, options, { auth, route, pooled, limiter });
			const failure = response ? this.opts.profile.classify(response, path) : unsent;
			if (!failure) {
				// Not refused: if a refusal is being probed, this answer may show it was a one-off.
				limiter.answered(sentAt);
				if (token !== undefined) markProven(key, token);
				return response!.body as T;
			}
			this.learnFromFailure(failure, { response, limiter, limitWindowMs: limit.windowMs, sentAt, pooled });
			if (failure.errorClass === 'token' && auth && token !== undefined && this.retryWithToken(token, tries)) continue;
			if (failure.errorClass === 'transient' && mayRetry(failure, tries, maxAttempts)) {
				tries.transientAttempts++;
				// No answer or a gateway's error: the provider may have done it all the same. A refusal did nothing.
				if (!failure.rateLimited) tries.ambiguousAttempts++;
				this.stats.retries++;
				await sleep(this.backoff(tries.transientAttempts, failure));
				continue;
			}
			failure.ambiguousAttempts = tries.ambiguousAttempts;
			throw failure;
		}
	}

	/**
	 * One try: a pool slot and a limiter turn, the token read at send time, and the request
	 * unless a ban or a failed run came while it waited (then that error is thrown, as is the
	 * token request's own failure). A network failure comes back as `failure`.
	 */
	private async attempt(
		method: IHttpRequestMethods,
		path: string,
		options: CallOptions,
		how: { auth: boolean; route: string; pooled: boolean; limiter: RouteLimiter },
	): Promise<{ token?: string; response?: RawResponse; failure?: DirectoryApiError; sentAt: number }> {
		const { auth, route, pooled, limiter } = how;
		let token: string | undefined;
		let tokenFetchFailed: { error: unknown } | undefined;
		let stoppedWhileQueued: DirectoryApiError | undefined;
		let response: RawResponse | undefined;
		let failure: DirectoryApiError | undefined;
		let sentAt = 0;
		if (pooled) await this.pool.acquire();
		try {
			sentAt = await limiter.take();
			// The token is read when the call is sent, not when it started queuing: a token taken
			// before a long wait behind the pool and the limiter goes out stale if it was revoked
			// and refreshed meanwhile (under churn, half of all answers were stale-token answers).
			// During a refresh the call waits for it here, holding its slots.
			const readToken = async () => {
				if (!auth) return;
				try {
					token = await this.token();
				} catch (error) {
					// The token request's own error (already retried as that call): passed on as it is.
					tokenFetchFailed = { error };
				}
			};
			await readToken();
			// The API was refused (and blocked) since this call was admitted: wait for a new turn,
			// and read the token again after it — a refresh may have happened during the wait.
			while (!tokenFetchFailed && limiter.blockedSince(sentAt)) {
				sentAt = await limiter.take();
				await readToken();
			}
			// A ban or a failed run while this call waited for its slot: do not send it.
			stoppedWhileQueued = circuitBreaker.check(this.breakerKey, path) ?? this.abortedError(path);
			if (!stoppedWhileQueued && !tokenFetchFailed) {
				// A late send (a token refresh, a busy event loop) is counted from now.
				limiter.sending(sentAt);
				this.stats.calls++;
				this.stats.byPath[route] = (this.stats.byPath[route] ?? 0) + 1;
				response = await this.send(method, path, options, token);
			}
		} catch (error) {
			failure = this.networkError(error, path);
		} finally {
			if (pooled) this.pool.release();
		}
		if (stoppedWhileQueued) throw stoppedWhileQueued;
		if (tokenFetchFailed) throw tokenFetchFailed.error;
		return { token, response, failure, sentAt };
	}

	/** What a refused call teaches every run in this process: a lower rate or pool, a ban. */
	private learnFromFailure(
		failure: DirectoryApiError,
		seen: { response?: RawResponse; limiter: RouteLimiter; limitWindowMs: number; sentAt: number; pooled: boolean },
	): void {
		const { response, limiter, sentAt } = seen;
		if (failure.rateLimited) this.stats.rateLimited++;
		// This app's own limit refused us: another process on the same app is using part of it.
		// Lower this limiter (or pool) for every run in this process, not just this call's backoff.
		if (failure.throttle === 'rate' && response) limiters.refused(limiter, this.opts.credentialKey, sentAt, failure.retryAfterMs ?? seen.limitWindowMs);
		else if (sentAt > 0) limiter.answered(sentAt);
		if (failure.throttle === 'concurrency' && seen.pooled && response) this.pool.shrink(sentAt);
		if (failure.suspendMs) circuitBreaker.trip(this.breakerKey, failure, failure.suspendMs);
	}

	/** Whether a call refused for its token goes again: with the token another call already fetched, or after one refresh of its own. */
	private retryWithToken(token: string, tries: Tries): boolean {
		const key = this.opts.credentialKey;
		// Rejected with a token that worked before and that another call has already replaced
		// (it met the same revocation first): nothing is wrong with the credential and the
		// refresh has happened, so retry with the current token. Not this call's refresh,
		// and no invalidation, which would throw away the fresh token.
		if (!tokenCache.holds(key, token) && isProven(key, token) && tries.staleTokenRetries < MAX_STALE_TOKEN_RETRIES_PER_CALL) {
			tries.staleTokenRetries++;
			this.stats.tokenRefreshes++;
			return true;
		}
		const mayRefresh = tries.tokenRefreshes === 0 || (isProven(key, token) && tries.tokenRefreshes < MAX_TOKEN_REFRESHES_PER_CALL);
		if (!mayRefresh) return false;
		tries.tokenRefreshes++;
		this.stats.tokenRefreshes++;
		// A no-op if another call has already replaced it.
		tokenCache.invalidate(key, token);
		return true;
	}

	/** A token for this credential, from the cache or fetched once for all concurrent callers. */
	async token(): Promise<string> {
		const { fetchToken } = this.opts;
		if (!fetchToken) throw new Error(`${this.provider}: no token fetcher configured`);
		return await tokenCache.get(this.opts.credentialKey, fetchToken);
	}

	private async send(
		method: IHttpRequestMethods,
		path: string,
		options: CallOptions,
		token: string | undefined,
	): Promise<RawResponse> {
		const request: IHttpRequestOptions = {
			method,
			url: `${this.opts.baseUrl.replace(/\/+$/, '')}${path}`,
			qs: { ...(options.qs ?? {}) },
			headers: { ...(options.headers ?? {}) },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.opts.timeoutMs ?? 30_000,
		};
		if (this.opts.followRedirects === false) request.disableFollowRedirect = true;
		if (options.body !== undefined) request.body = options.body;
		this.opts.decorate?.(request);
		if (token !== undefined) this.opts.applyToken?.(request, token);
		const full = (await this.opts.http(request)) as { statusCode: number; body: unknown };
		let body = full.body;
		// Providers answer JSON with text/plain at times; parse it here so classification sees fields.
		if (typeof body === 'string' && /^\s*[[{]/.test(body)) {
			try {
				body = JSON.parse(body);
			} catch {
				// Left as text: classified as a malformed answer below.
			}
		}
		return { status: full.statusCode, body };
	}

	private networkError(error: unknown, path: string): DirectoryApiError {
		if (error instanceof DirectoryApiError) return error;
		const e = error as { code?: string; message?: string; cause?: { code?: string } };
		const code = e.code ?? e.cause?.code ?? '';
		const text = e.message ?? '';
		const what = /ECONNREFUSED/.test(code)
			? 'connection refused'
			: /ECONNRESET|EPIPE|UND_ERR_SOCKET/.test(code) || /reset|hang up/i.test(text)
				? 'connection closed before an answer'
				: /TIMEDOUT|ECONNABORTED|TIMEOUT/i.test(code) || /timeout/i.test(text)
					? `no answer within ${Math.round((this.opts.timeoutMs ?? 30_000) / 100) / 10} s`
					: /ENOTFOUND|EAI_AGAIN/.test(code)
						? 'host name not found'
						: 'network error';
		return new DirectoryApiError({
			provider: this.provider,
			errorClass: NETWORK_CODES.has(code) || what !== 'network error' ? 'transient' : 'config',
			path,
			errmsg: what,
			hint: `Could not get an answer from ${redact(this.opts.baseUrl)}. Check the Base URL in the credential and that this n8n instance can reach it (proxy, firewall).`,
		});
	}

	private backoff(attempt: number, failure: DirectoryApiError): number {
		const max = this.opts.maxDelayMs ?? 60_000;
		const exp = Math.min(max, (this.opts.baseDelayMs ?? 250) * 2 ** (attempt - 1));
		const jittered = exp / 2 + Math.random() * (exp / 2);
		// A provider-stated block (45009 minute block, DingTalk QPS) sets the floor, doubling so a longer block is waited out.
		const floor = failure.retryAfterMs ? Math.min(max, failure.retryAfterMs * 2 ** (attempt - 1)) : 0;
		return Math.max(floor, jittered);
	}
}

/**
 * Whether a transient failure is tried again. Refusals (a rate limit: nothing was done, and the
 * provider says when to come back) and faults (system busy, no answer, a gateway error) have
 * budgets of their own: a refusal spent the faults' budget, so a call refused once and then
 * meeting three faults failed a whole-directory read (the token-churn test, seed 10).
 */
function mayRetry(failure: DirectoryApiError, tries: Tries, maxAttempts: number): boolean {
	// Every retry that was not a refusal was a fault (ambiguousAttempts); the rest were refusals.
	if (failure.rateLimited) return tries.transientAttempts - tries.ambiguousAttempts < maxAttempts + 1;
	return tries.ambiguousAttempts < maxAttempts - 1;
}
