import { DirectoryApiError } from '../transport/errors';
import { redact } from '../transport/redact';
import { htmlSnippet } from '../transport/text';
import type { ProviderProfile, RawResponse } from '../transport/transport';
import { WECOM_ERRCODES } from './errorTable';

/** Reads WeCom answers: HTTP 200 with {errcode, errmsg}; anything else is a gateway problem. */
export const weComProfile: ProviderProfile = {
	provider: 'WeCom',
	classify(response: RawResponse, path: string): DirectoryApiError | undefined {
		const { status, body } = response;
		if (status >= 500 || status === 429) {
			return new DirectoryApiError({
				provider: 'WeCom',
				errorClass: 'transient',
				path,
				httpStatus: status,
				errmsg: redact(`HTTP ${status} ${htmlSnippet(body)}`),
				rateLimited: status === 429,
			});
		}
		if (status !== 200 || !body || typeof body !== 'object') {
			return new DirectoryApiError({
				provider: 'WeCom',
				errorClass: status === 404 ? 'config' : 'transient',
				path,
				httpStatus: status,
				errmsg: redact(`unexpected answer (HTTP ${status}): ${htmlSnippet(body)}`),
				hint:
					status === 404
						? 'The endpoint does not exist at this Base URL. Check the Base URL in the credential (default https://qyapi.weixin.qq.com).'
						: undefined,
			});
		}
		const { errcode, errmsg } = body as { errcode?: unknown; errmsg?: unknown };
		if (errcode === undefined || errcode === 0 || errcode === '0') return undefined;
		const code = Number(errcode);
		const info = WECOM_ERRCODES[code] ?? { errorClass: 'item' as const };
		return new DirectoryApiError({
			provider: 'WeCom',
			errorClass: info.errorClass,
			path,
			errcode: code,
			errmsg: redact(String(errmsg ?? '')),
			hint: info.hint,
			rateLimited: info.rateLimited,
			retryAfterMs: info.retryAfterMs,
			throttle: info.throttle,
		});
	},
};
