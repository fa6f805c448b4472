import type { ErrcodeInfo } from '../transport/errors';
import { DirectoryApiError } from '../transport/errors';
import { redact } from '../transport/redact';
import { htmlSnippet } from '../transport/text';
import type { ProviderProfile, RawResponse } from '../transport/transport';
import { lookupErrcode, PERMISSION_BY_PATH } from './errorTable';

const PROVIDER = 'DingTalk';
export const GETTOKEN_PATH = '/gettoken';
/** DingTalk's ban lasts 5 minutes (dingtalk-api.md §4–5). */
const BAN_MS = 5 * 60_000;

const BAN_HINT =
	"DingTalk has banned this server's IP (more than 10,000 calls in 20 seconds, counted across every app and workflow using this IP). Calls stop until the ban ends; do not retry before then. Spread heavy workflows apart or lower the credential's QPS Budget.";

function error(path: string, info: ErrcodeInfo, fields: { errcode?: number | string; errmsg: string; httpStatus?: number }): DirectoryApiError {
	return new DirectoryApiError({
		provider: PROVIDER,
		errorClass: info.errorClass,
		path,
		errcode: fields.errcode,
		httpStatus: fields.httpStatus,
		errmsg: redact(fields.errmsg),
		hint: info.hint,
		rateLimited: info.rateLimited,
		retryAfterMs: info.retryAfterMs,
		throttle: info.throttle,
	});
}

function ipBan(path: string, httpStatus: number, errmsg: string, errcode?: number | string, waitMinutes?: number): DirectoryApiError {
	const ms = waitMinutes && waitMinutes > 0 && waitMinutes <= 60 ? waitMinutes * 60_000 : BAN_MS;
	return new DirectoryApiError({
		provider: PROVIDER,
		errorClass: 'config',
		path,
		errcode,
		httpStatus,
		errmsg: redact(errmsg),
		hint: BAN_HINT,
		suspendMs: ms,
	});
}

/** Numeric codes as numbers (90018), others as they come ("InvalidAuthentication"). */
function normalizeCode(code: unknown): number | string {
	const text = String(code).trim();
	return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Per-path adjustments: what a code means depends on the call that got it. */
function adjust(info: ErrcodeInfo, code: number | string, path: string): ErrcodeInfo {
	// gettoken cannot fail "per item" or "by token": any refusal is the credential's.
	if (path === GETTOKEN_PATH && info.errorClass !== 'transient') {
		return { ...info, errorClass: 'config', hint: info.hint ?? 'DingTalk refused the App Key / App Secret. Check both in the credential.' };
	}
	if (code === 60011 && PERMISSION_BY_PATH[path]) {
		return { ...info, hint: `${info.hint} This call needs "${PERMISSION_BY_PATH[path]}".` };
	}
	if (code === -1 && path === '/topapi/v2/user/create') {
		return {
			...info,
			hint: 'DingTalk answered "system busy". For user/create this can also mean the weekly add-member cap or the organisation member cap was reached.',
		};
	}
	return info;
}

/**
 * Reads both DingTalk families. oapi: HTTP 200 + errcode, where /topapi wraps
 * authentication, permission and QPS errors as errcode 88 with a string sub_code, so the
 * code that counts is `sub_code ?? errcode`. New API: HTTP 4xx/5xx + {code, message}. An IP
 * ban comes as an HTML page or {"punish":"deny"}: it stops the run and every later call for
 * the ban's duration (the transport's circuit breaker), never a retry.
 */
export const dingTalkProfile: ProviderProfile = {
	provider: PROVIDER,
	classify(response: RawResponse, path: string): DirectoryApiError | undefined {
		const { status, body } = response;
		const object = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

		if (object && object.punish === 'deny') {
			const wait = Number(object.wait);
			return ipBan(path, status, `IP banned (punish: deny, wait ${Number.isFinite(wait) ? wait : 5} minutes)`, normalizeCode(object.status ?? 'punish'), wait);
		}
		if (status >= 500) {
			const code = object?.code !== undefined ? normalizeCode(object.code) : undefined;
			return error(path, { errorClass: 'transient' }, {
				httpStatus: status,
				errcode: code,
				errmsg: `HTTP ${status} ${object ? String(object.message ?? '') : htmlSnippet(body)}`.trim(),
			});
		}
		if (!object) {
			if (status === 404) {
				return error(path, lookupErrcode('404')!, { httpStatus: status, errmsg: `HTTP 404 ${htmlSnippet(body)}` });
			}
			// Not JSON at all: DingTalk's gateway answering with its ban page.
			return ipBan(path, status, `an HTML page instead of JSON (HTTP ${status}): ${htmlSnippet(body)}`);
		}

		// New API family: {code, message, requestid} with an HTTP error status.
		if (status >= 400 && object.errcode === undefined) {
			const code = normalizeCode(object.code ?? status);
			const info = lookupErrcode(String(code)) ?? { errorClass: status === 401 ? ('token' as const) : ('item' as const) };
			return error(path, adjust(info, code, path), {
				httpStatus: status,
				errcode: code,
				errmsg: String(object.message ?? `HTTP ${status}`),
			});
		}

		const { errcode } = object;
		if (errcode === undefined || errcode === 0 || errcode === '0') {
			// HTTP 4xx without an oapi errcode was handled above; HTTP 200 without errcode is a new-API success.
			return undefined;
		}
		const wrapped = object.sub_code !== undefined && object.sub_code !== null && object.sub_code !== '';
		const code = normalizeCode(wrapped ? object.sub_code : errcode);
		const errmsg = String((wrapped ? object.sub_msg : undefined) ?? object.errmsg ?? '');
		// A bare 88 ("鉴权异常", authentication error) without a sub_code: treat as a stale token.
		const info = lookupErrcode(String(code)) ?? { errorClass: code === 88 ? ('token' as const) : ('item' as const) };
		return error(path, adjust(info, code, path), {
			httpStatus: status !== 200 ? status : undefined,
			errcode: code,
			errmsg: wrapped ? `${errmsg} (errcode ${String(errcode)})` : errmsg,
		});
	},
};
