import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { DirectoryApiError } from './errors';
import type { LimiterRegistry } from './rateLimiter';
import type { TransportStats } from './stats';
import type { FetchedToken } from './tokenCache';

/** What a provider client gives the Transport (transport.ts): its answers' classifier, limits, token and options. */

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
	/** The provider's own window when `windowMs` adds a margin to it (DingTalk: 1000 against 1050). */
	providerWindowMs?: number;
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
	 * id would grow for as long as n8n runs. Defaults to the path.
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

/** What one call has spent of its retries (Transport.call). */
export interface Tries {
	tokenRefreshes: number;
	staleTokenRetries: number;
	/** Every transient failure retried so far (the backoff's exponent). */
	transientAttempts: number;
	/** Retries after no answer or a gateway error: the provider may have done it all the same. */
	ambiguousAttempts: number;
}

/** The limiter of one route (rateLimiter.ts). */
export type RouteLimiter = ReturnType<LimiterRegistry['get']>;
