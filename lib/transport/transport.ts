import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { circuitBreaker } from './circuitBreaker';
import { DirectoryApiError } from './errors';
import { Semaphore } from './pool';
import { LimiterRegistry } from './rateLimiter';
import { redact } from './redact';
import type { TransportStats } from './stats';
import { newStats } from './stats';
import type { FetchedToken } from './tokenCache';
import { tokenCache } from './tokenCache';

/** `this.helpers.httpRequest`, bound to the node's context: proxies and TLS settings apply. */
export type HttpRequester = (options: IHttpRequestOptions) => Promise<unknown>;

export interface RawResponse {
	status: number;
	body: unknown;
}

/** What a provider tells the transport: how to read its answers. */
export interface ProviderProfile {
	provider: string;
	/** Return undefined for success, or the classified error. */
	classify(response: RawResponse, path: string): DirectoryApiError | undefined;
}

export interface RateLimit {
	limit: number;
	windowMs: number;
	/** Space starts evenly across the window instead of allowing a burst of `limit` (DingTalk's per-second QPS). */
	spread?: boolean;
}

export interface TransportOptions {
	profile: ProviderProfile;
	http: HttpRequester;
	baseUrl: string;
	/** Cache key of the credential (TokenCache.keyFor). */
	credentialKey: string;
	fetchToken?: () => Promise<FetchedToken>;
	applyToken?: (request: IHttpRequestOptions, token: string) => void;
	/** Static authentication or headers added to every request (Casdoor's client credentials, SCIM's bearer). */
	decorate?: (request: IHttpRequestOptions) => void;
	concurrency: number;
	/** Per-API limit, applied per path. */
	rateLimit: RateLimit;
	/** Overrides for individual paths (e.g. gettoken). */
	pathLimits?: Record<string, RateLimit>;
	timeoutMs?: number;
	/**
	 * false for vendor APIs that never redirect (WeCom, DingTalk): n8n's helper then skips its
	 * redirect-following layer, about 0.4 ms of CPU a call, a fifth of a directory read's budget
	 * per call. A 3xx is then an unexpected answer. Default true (user-run servers may redirect).
	 */
	followRedirects?: boolean;
	maxAttempts?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	stats?: TransportStats;
}

export interface CallOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** false for calls that need no token (gettoken itself). */
	auth?: boolean;
	headers?: Record<string, string>;
	/**
	 * The API the path belongs to, when the path carries an id (SCIM's /Users/{id}): rate
	 * limits and stats count per API; a limiter registry keyed by every
	 * id would grow for the life of the n8n process. Defaults to the path.
	 */
	route?: string;
	/**
	 * This call fetches the access token (gettoken). It skips the concurrency pool: calls read
	 * their token only once they hold a pool slot, so when the token is being refreshed every
	 * slot may be held by a call waiting for it, and a token request queued behind them would
	 * never start. Single-flight fetching keeps it to one such call at a time per credential.
	 */
	tokenRequest?: boolean;
}

// Budgets outlive one execution: two workflows using the same corp share its limits.
const limiters = new LimiterRegistry();

/**
 * How many times one call may get a fresh token. A token the provider rejects although
 * calls have succeeded with it was expired or revoked (a 2-hour lifetime, another instance,
 * an admin action): refreshing again is right, however late in the call's retries it
 * happens. A token rejected the first time it is used means the credential itself is
 * wrong: one refresh, then stop.
 */
const MAX_TOKEN_REFRESHES_PER_CALL = 5;

/**
 * How many times one call may be retried because its token was replaced while it was in
 * flight (another call met the revocation first and refreshed). Such a retry costs no
 * refresh; each one needs a new revocation during the call's own flight, so this is only a
 * guard against looping, far above what churn every few dozen calls produces.
 */
const MAX_STALE_TOKEN_RETRIES_PER_CALL = 10;

/** Tokens some call has succeeded with, per credential (the last few only). */
const provenTokens = new Map<string, string[]>();

function markProven(credentialKey: string, token: string): void {
	const list = provenTokens.get(credentialKey) ?? [];
	if (list.includes(token)) return;
	list.push(token);
	if (list.length > 8) list.shift();
	provenTokens.set(credentialKey, list);
}

function isProven(credentialKey: string, token: string | undefined): boolean {
	return token !== undefined && (provenTokens.get(credentialKey) ?? []).includes(token);
}
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
		let tokenRefreshes = 0;
		let staleTokenRetries = 0;
		let transientAttempts = 0;
		let ambiguousAttempts = 0;
		const route = options.route ?? path;
		const pooled = options.tokenRequest !== true;
		const key = this.opts.credentialKey;
		for (;;) {
			let token: string | undefined;
			let tokenFetchFailed: { error: unknown } | undefined;
			let response: RawResponse | undefined;
			let failure: DirectoryApiError | undefined;
			const suspended = circuitBreaker.check(this.breakerKey, path) ?? this.abortedError(path);
			if (suspended) throw suspended;
			// Have a token before queuing: a wrong secret fails here, before the call takes a slot,
			// and a refresh this call asked for (it invalidated the token) starts now, not after
			// the call has queued again.
			if (auth) await this.token();
			let stoppedWhileQueued: DirectoryApiError | undefined;
			const limit = this.opts.pathLimits?.[route] ?? this.opts.rateLimit;
			const limiter = limiters.get(`${key}|${route}`, limit.limit, limit.windowMs, limit.spread ? limit.windowMs / limit.limit : 0, key);
			let sentAt = 0;
			if (pooled) await this.pool.acquire();
			try {
				sentAt = await limiter.take();
				// The token is read when the call is sent, not when it started queuing: a call can
				// wait behind the pool and the limiter for a long time, and a token taken before
				// the wait goes out stale if it was revoked and refreshed meanwhile (issue #15:
				// under churn half of all answers were stale-token answers, and calls ran out of
				// refreshes). Normally the cached token is at hand; during a refresh the call waits
				// for it here, holding its slots. The few calls that do so go out together when it
				// arrives, a little denser than the limiter spaced them, for one token round trip.
				if (auth) {
					try {
						token = await this.token();
					} catch (error) {
						// The token request's own error (already retried as that call): passed on as it is.
						tokenFetchFailed = { error };
					}
				}
				// The API was refused (and blocked) since this call was admitted: wait for a new turn.
				while (limiter.blockedSince(sentAt)) sentAt = await limiter.take();
				// A ban or a failed run while this call waited for its slot: do not send it.
				stoppedWhileQueued = circuitBreaker.check(this.breakerKey, path) ?? this.abortedError(path);
				if (!stoppedWhileQueued && !tokenFetchFailed) {
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
			if (response) failure = this.opts.profile.classify(response, path);
			if (!failure) {
				// Not refused: if a refusal is being probed, this answer may show it was a one-off.
				limiter.answered(sentAt);
				if (token !== undefined) markProven(key, token);
				return response!.body as T;
			}
			if (failure.rateLimited) this.stats.rateLimited++;
			// This app's own limit refused us: another process on the same app is using part of it.
			// Lower this limiter (or pool) for every run in this process, not just this call's backoff.
			if (failure.throttle === 'rate' && response) limiters.refused(limiter, key, sentAt, failure.retryAfterMs ?? limit.windowMs);
			else if (sentAt > 0) limiter.answered(sentAt);
			if (failure.throttle === 'concurrency' && pooled && response) this.pool.shrink(sentAt);
			if (failure.suspendMs) circuitBreaker.trip(this.breakerKey, failure, failure.suspendMs);

			if (failure.errorClass === 'token' && auth && token !== undefined) {
				// Rejected with a token that worked before and that another call has already replaced
				// (it met the same revocation first): nothing is wrong with the credential and the
				// refresh has happened, so retry with the current token. Not this call's refresh,
				// and no invalidation, which would throw away the fresh token.
				if (!tokenCache.holds(key, token) && isProven(key, token) && staleTokenRetries < MAX_STALE_TOKEN_RETRIES_PER_CALL) {
					staleTokenRetries++;
					this.stats.tokenRefreshes++;
					continue;
				}
				const mayRefresh = tokenRefreshes === 0 || (isProven(key, token) && tokenRefreshes < MAX_TOKEN_REFRESHES_PER_CALL);
				if (mayRefresh) {
					tokenRefreshes++;
					this.stats.tokenRefreshes++;
					// A no-op if another call has already replaced it.
					tokenCache.invalidate(key, token);
					continue;
				}
			}
			if (failure.errorClass === 'transient' && transientAttempts + 1 < maxAttempts + (failure.rateLimited ? 2 : 0)) {
				transientAttempts++;
				// No answer or a gateway's error: the provider may have done it all the same. A refusal did nothing.
				if (!failure.rateLimited) ambiguousAttempts++;
				this.stats.retries++;
				await sleep(this.backoff(transientAttempts, failure));
				continue;
			}
			failure.ambiguousAttempts = ambiguousAttempts;
			throw failure;
		}
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
