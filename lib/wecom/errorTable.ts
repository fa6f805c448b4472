import type { ErrcodeInfo } from '../transport/errors';

export type { ErrcodeInfo };

const WRITE_SECRET_HINT =
	'Writing the directory needs the contacts-sync secret: WeCom admin console → Security and Management → Management Tools → Contacts Sync (通讯录同步), enable "API editing" and copy its Secret into a WeCom credential.';

/**
 * WeCom errcodes by class (wecom-api.md §4). Codes not listed are per-item errors: the
 * input of this item is what WeCom refused.
 */
export const WECOM_ERRCODES: Record<number, ErrcodeInfo> = {
	// Token: refresh once, retry once.
	40014: { errorClass: 'token' },
	42001: { errorClass: 'token' },
	// Transient: back off and retry.
	[-1]: { errorClass: 'transient' },
	45009: {
		errorClass: 'transient',
		rateLimited: true,
		retryAfterMs: 1000,
		hint: 'WeCom rate limit (10,000 calls per minute per API per corp). Lower "Calls per Minute per API" in the credential if this repeats.',
	},
	45033: {
		errorClass: 'transient',
		rateLimited: true,
		hint: 'Too many concurrent calls to one WeCom API. Lower "Max Concurrent Requests" in the credential.',
	},
	6000: { errorClass: 'transient' },
	// Configuration: the whole run is wrong; fail once with the fix.
	40001: {
		errorClass: 'config',
		hint: 'The secret is invalid: it was reset, belongs to another corp, or its app is disabled. Copy the current Secret from the WeCom admin console into the credential.',
	},
	40013: {
		errorClass: 'config',
		hint: 'The Corp ID is invalid. Find it under My Company → Company Information → Corp ID (starts with "ww").',
	},
	40091: {
		errorClass: 'config',
		hint: 'The secret belongs to another corp. Check that the Corp ID and Secret come from the same WeCom organisation.',
	},
	41001: { errorClass: 'config', hint: 'The access token was not sent; this is a bug in the node, please report it.' },
	41002: { errorClass: 'config', hint: 'Fill in the Corp ID of the credential.' },
	41004: { errorClass: 'config', hint: 'Fill in the Secret of the credential.' },
	60020: {
		errorClass: 'config',
		hint: "This n8n server's IP is not trusted by the WeCom app. Add its public IP to the app's Trusted IPs (企业可信IP) in the admin console; changes take about a minute.",
	},
	48009: {
		errorClass: 'config',
		hint: 'This secret is the contacts-sync secret used from a new IP: since 2022-08-15 WeCom blocks its detailed reads (user/get, user/list, department/list). Use a self-built app secret whose visible scope is the whole company for reads, or the ID-only operations.',
	},
	60011: {
		errorClass: 'config',
		hint: "The department or member is outside the app's visible scope (可见范围). Widen the app's visible scope to the whole company in the admin console, or use the contacts-sync secret.",
	},
	48002: {
		errorClass: 'config',
		hint: `This API is not authorised for this secret. Member ID listing and all writes need the contacts-sync secret. ${WRITE_SECRET_HINT}`,
	},
	301002: { errorClass: 'config', hint: 'The token cannot act on this agent: check the Agent ID in the credential.' },
	60031: { errorClass: 'config', hint: 'The app is barred from this API in the admin console.' },
	45029: { errorClass: 'config', hint: 'WeCom says the response is too large: narrow the request to a smaller department.' },
};

export { WRITE_SECRET_HINT };
