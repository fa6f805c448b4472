/**
 * The neutral error every provider client throws. Nodes turn it into NodeApiError /
 * NodeOperationError at the edge; the lib layers never see n8n's node objects.
 */

/**
 * - token: the access token is stale; refresh once and retry once
 * - transient: back off and retry (bounded)
 * - item: this input is wrong; fail the item, carry on with the others
 * - config: the whole run is wrong (credential, IP allow-list, permissions); fail fast
 */
export type ErrorClass = 'token' | 'transient' | 'item' | 'config';

/** Which of this app's limits a refusal names (see ApiErrorInit.throttle). */
export type Throttle = 'rate' | 'concurrency';

export interface ApiErrorInit {
	provider: string;
	errorClass: ErrorClass;
	path: string;
	errcode?: number | string;
	errmsg?: string;
	httpStatus?: number;
	hint?: string;
	/** A rate-limit answer (45009, 90018 …); counted separately by the transport. */
	rateLimited?: boolean;
	/** Milliseconds to wait before retrying, when the provider says how long a block lasts. */
	retryAfterMs?: number;
	/**
	 * The refusal says this app sent too fast ('rate': DingTalk 90018, WeCom 45009) or had too
	 * many calls in flight ('concurrency': WeCom 45033) for its limit: the transport lowers its
	 * rate or its pool for the app and API (several processes may share the app).
	 */
	throttle?: Throttle;
	/**
	 * The provider has blocked every call from this host for this long (DingTalk's IP ban):
	 * the transport stops calling the base URL until it passes instead of retrying into the ban.
	 */
	suspendMs?: number;
	/** What the caller learned about the failure (who holds a mobile number, which userids were missing …); JSON-safe. */
	context?: Record<string, unknown>;
}

export class DirectoryApiError extends Error {
	readonly provider: string;
	readonly errorClass: ErrorClass;
	readonly path: string;
	readonly errcode?: number | string;
	readonly errmsg?: string;
	readonly httpStatus?: number;
	readonly hint?: string;
	readonly rateLimited: boolean;
	readonly retryAfterMs?: number;
	readonly throttle?: Throttle;
	readonly suspendMs?: number;
	readonly context?: Record<string, unknown>;
	/**
	 * Earlier attempts of the same call that failed in a way that may still have reached the
	 * provider (no answer, a gateway error): set by the transport on the error it finally
	 * throws. A create that then answers "already exists" may have been our own first attempt
	 * when this is above 0, and was certainly someone else's when it is 0.
	 */
	ambiguousAttempts = 0;
	private readonly init: ApiErrorInit;

	constructor(init: ApiErrorInit) {
		const code = init.errcode !== undefined ? ` ${init.errcode}` : init.httpStatus ? ` HTTP ${init.httpStatus}` : '';
		super(`${init.provider} API error${code} on ${init.path}: ${init.errmsg ?? 'request failed'}`);
		this.name = 'DirectoryApiError';
		this.provider = init.provider;
		this.errorClass = init.errorClass;
		this.path = init.path;
		this.errcode = init.errcode;
		this.errmsg = init.errmsg;
		this.httpStatus = init.httpStatus;
		this.hint = init.hint;
		this.rateLimited = init.rateLimited ?? false;
		this.retryAfterMs = init.retryAfterMs;
		this.throttle = init.throttle;
		this.suspendMs = init.suspendMs;
		this.context = init.context;
		this.init = init;
	}

	/**
	 * The same failure, explained better: a caller that knows more (a write, a lookup) replaces
	 * the hint or adds context, or knows it concerns one item only (a tag another app created).
	 */
	withDetails(patch: Partial<Pick<ApiErrorInit, 'hint' | 'context' | 'errmsg' | 'errorClass'>>): DirectoryApiError {
		return new DirectoryApiError({ ...this.init, ...patch, context: { ...this.init.context, ...patch.context } });
	}

	/**
	 * The same failure, about one item only: a refusal of something the item itself named (an
	 * organization given in the item, not in the node) must not stop the other items.
	 */
	asItemError(): DirectoryApiError {
		return new DirectoryApiError({ ...this.init, errorClass: 'item' });
	}

	/** A JSON-safe summary for items and NodeApiError bodies. */
	toJSON(): Record<string, unknown> {
		return {
			provider: this.provider,
			errcode: this.errcode,
			errmsg: this.errmsg,
			httpStatus: this.httpStatus,
			path: this.path,
			hint: this.hint,
			errorClass: this.errorClass,
			...(this.context ? { context: this.context } : {}),
		};
	}
}

/**
 * True when an error from the transport means every further call of this run would fail the
 * same way, so the run stops once instead of failing item after item: the credential or the
 * configuration is wrong (config, token), or the service kept failing through every retry
 * with backoff (transient: it is down, not answering, or blocking us).
 */
export function isRunFatal(error: unknown): boolean {
	return (
		error instanceof DirectoryApiError &&
		(error.errorClass === 'config' || error.errorClass === 'token' || error.errorClass === 'transient')
	);
}

/** How a provider's error table describes one code. */
export interface ErrcodeInfo {
	errorClass: ErrorClass;
	/** What the user should change. */
	hint?: string;
	rateLimited?: boolean;
	retryAfterMs?: number;
	/** This app's own limit (not a global one): the transport adapts to it. */
	throttle?: Throttle;
}

/** A problem with the user's input, found before any call. Always per item. */
export class InputValidationError extends Error {
	readonly field: string;
	readonly rule: string;
	constructor(field: string, rule: string) {
		super(`Invalid "${field}": ${rule}`);
		this.name = 'InputValidationError';
		this.field = field;
		this.rule = rule;
	}

	/** The same rule, said of one entry of a list ("entry 3: must be …"). */
	inEntry(n: number): InputValidationError {
		return new InputValidationError(this.field, `entry ${n}: ${this.rule}`);
	}
}

/**
 * The node's configuration is wrong in a way no API call can fix (a credential field the
 * operation needs is empty or malformed). Found before any call; stops the run once.
 */
export class ConfigurationError extends Error {
	readonly field: string;
	readonly hint: string;
	constructor(field: string, rule: string, hint: string) {
		super(`Invalid "${field}": ${rule}`);
		this.name = 'ConfigurationError';
		this.field = field;
		this.hint = hint;
	}
}
