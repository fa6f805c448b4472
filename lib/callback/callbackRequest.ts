/**
 * Checks every signed callback request gets before anything is decrypted, shared by the
 * WeCom and DingTalk triggers.
 */
import { CallbackRejection } from './callbackRejection';

/** Callback bodies are a few KiB; anything much larger is not from WeCom or DingTalk. */
export const MAX_CALLBACK_BODY_BYTES = 64 * 1024;

/**
 * One query parameter as a single string. Express gives an array for a repeated name and an
 * object for `a[b]=` syntax: neither is something the provider sends, so both are malformed.
 */
export function queryParam(query: Record<string, unknown>, name: string): string {
	const value = query[name];
	if (typeof value !== 'string' || value === '') throw new CallbackRejection(400, `query parameter "${name}" is missing`);
	return value;
}

/** The first of several accepted names (DingTalk documents `signature`, its Java sample reads `msg_signature`). */
export function queryParamOneOf(query: Record<string, unknown>, names: string[]): string {
	const name = names.find((n) => query[n] !== undefined) ?? names[0];
	return queryParam(query, name);
}

/**
 * Refuse a request whose timestamp is further than `toleranceSeconds` from now, so that a
 * captured request cannot be replayed later. WeCom sends seconds and DingTalk milliseconds;
 * the two ranges do not overlap for any date in the next thousand years (1e11 s is the
 * year 5138, 1e11 ms is 1973), so one rule reads both.
 */
export function assertFreshTimestamp(timestamp: string, nowMs: number, toleranceSeconds: number): void {
	if (!/^\d{1,16}$/.test(timestamp)) throw new CallbackRejection(400, 'the timestamp is not a number');
	const ms = epochMs(Number(timestamp));
	if (Math.abs(nowMs - ms) > toleranceSeconds * 1000) {
		throw new CallbackRejection(403, `the timestamp is more than ${toleranceSeconds} s away from this server's clock`);
	}
}

export function epochMs(value: number): number {
	return value >= 1e11 ? value : value * 1000;
}

/** An event time (seconds or milliseconds) as ISO 8601, or undefined when it is not a real date. */
export function isoTime(value: number | undefined): string | undefined {
	if (value === undefined) return undefined;
	const ms = epochMs(value);
	return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

export function assertBodySize(body: Buffer): void {
	if (body.length > MAX_CALLBACK_BODY_BYTES) {
		throw new CallbackRejection(400, `the body is larger than ${MAX_CALLBACK_BODY_BYTES} bytes`);
	}
}

/**
 * Base64 never contains spaces, but a "+" sent unencoded in a query string is decoded to a
 * space by the query parser. Putting it back accepts both encodings of the same value.
 */
export function restorePlus(value: string): string {
	return value.replace(/ /g, '+');
}
