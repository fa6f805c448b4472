import type { ErrcodeInfo } from '../transport/errors';

/** A blocked API: DingTalk blocks for a second, then back off exponentially (dingtalk-api.md §4–5). */
const QPS: ErrcodeInfo = {
	errorClass: 'transient',
	rateLimited: true,
	retryAfterMs: 1000,
	hint: 'DingTalk QPS limit for this app and API. If this repeats, lower "QPS Budget" in the credential (standard edition: 20) or share the budget with fewer workflows.',
};

/** The per-app, per-API QPS limit (90018): the one limit several processes on one app share. */
const APP_QPS: ErrcodeInfo = { ...QPS, throttle: 'rate' };

const PER_MINUTE: ErrcodeInfo = { errorClass: 'transient', rateLimited: true, retryAfterMs: 60_000 };

const CREDENTIALS_HINT =
	'Check the App Key and App Secret: DingTalk developer console → your internal app → Credentials (凭证与基础信息). "Client ID/Secret" are the same values under their new names.';

/**
 * DingTalk codes by class (dingtalk-api.md §4), keyed by the code as a string: oapi errcodes
 * and sub_codes ("40014"), and new-API error codes ("InvalidAuthentication") by their last
 * dotted segment as well as in full. Codes not listed are per-item errors.
 */
export const DINGTALK_ERRCODES: Record<string, ErrcodeInfo> = {
	// Token: refresh once, retry once.
	'40014': { errorClass: 'token' },
	'42001': { errorClass: 'token' },
	'40001': { errorClass: 'token' },
	'41001': { errorClass: 'token' },
	// 88 + 40000: the token was not where oapi reads it (the query string).
	'40000': { errorClass: 'token' },
	InvalidAuthentication: { errorClass: 'token' },
	'accesstoken.expired': { errorClass: 'token' },

	// Transient: back off and retry.
	'-1': { errorClass: 'transient' },
	// This app's own per-API limit: the limiter adapts (several processes may share the app).
	'90018': APP_QPS,
	'90002': {
		...QPS,
		hint: 'DingTalk global per-API limit (all tenants). It is busiest at the top of the hour: schedule syncs at e.g. :10.',
	},
	...Object.fromEntries(
		[90001, 90003, 90004, 90007, 90008, 90009, 90010, 90011, 90012, 90013, 90014].map((c) => [String(c), QPS]),
	),
	'90005': PER_MINUTE,
	'90006': PER_MINUTE,
	QpsLimitForAppkeyAndApi: APP_QPS,
	QpsLimitForApi: QPS,
	QpmLimitForAppkeyAndApi: PER_MINUTE,
	'system.busy': { errorClass: 'transient' },
	unknownError: { errorClass: 'transient' },

	// Configuration: the whole run is wrong; fail once with the fix.
	'60011': {
		errorClass: 'config',
		hint: 'The app lacks the permission for this API. DingTalk developer console → your app → Permissions (权限管理): grant it, then publish a new version of the app.',
	},
	AccessTokenPermissionDenied: {
		errorClass: 'config',
		hint: 'The app lacks the permission for this API. Grant it in the DingTalk developer console → Permissions (权限管理).',
	},
	'60020': {
		errorClass: 'config',
		hint: "This n8n server's public IP is not in the app's IP allow-list (服务器出口IP). Add it in the developer console.",
	},
	IpNotInWhiteList: {
		errorClass: 'config',
		hint: "This n8n server's public IP is not in the app's IP allow-list (服务器出口IP). Add it in the developer console.",
	},
	'50002': {
		errorClass: 'config',
		hint: "The user is outside the app's contacts scope (通讯录权限范围). Widen it to the whole organisation in the developer console.",
	},
	'50004': {
		errorClass: 'config',
		hint: "The department is outside the app's contacts scope (通讯录权限范围). Widen it to the whole organisation in the developer console.",
	},
	'43007': { errorClass: 'config', hint: 'DingTalk requires authorisation for this call (43007). Check the app type and its permissions.' },
	'40089': { errorClass: 'config', hint: CREDENTIALS_HINT },
	'40096': { errorClass: 'config', hint: CREDENTIALS_HINT },
	invalidClientIdOrSecret: { errorClass: 'config', hint: CREDENTIALS_HINT },
	'50003': { errorClass: 'config', hint: 'The app is disabled (50003). Enable it in the DingTalk developer console.' },
	'90020': {
		errorClass: 'config',
		hint: "The organisation's monthly API quota is used up (90020). Contacts APIs are exempt; this call is not one of them.",
	},
	ApiCountLimitForOrg: { errorClass: 'config', hint: "The organisation's monthly API quota is used up." },
	MissingParameter: {
		errorClass: 'config',
		hint: 'The access token was not sent where this API family reads it; this is a bug in the node, please report it.',
	},
	'22': {
		errorClass: 'config',
		hint: 'DingTalk does not know this API path. Check the Legacy API Base URL in the credential (default https://oapi.dingtalk.com).',
	},
	'404': {
		errorClass: 'config',
		hint: 'The endpoint does not exist at this Base URL. Check the Legacy API Base URL in the credential (default https://oapi.dingtalk.com).',
	},

	// Per item, with the fix named.
	'60121': {
		errorClass: 'item',
		hint: 'No such current employee: the user has left, has a pending invitation, has not accepted it, or belongs to another organisation.',
	},
	'40022': { errorClass: 'item', hint: 'DingTalk cannot change a mobile number: delete the user and add them again.' },
	'60104': { errorClass: 'item', hint: 'Another user of the organisation already has this mobile number.' },
	'60102': { errorClass: 'item', hint: 'A user with this userid already exists.' },
	'60003': { errorClass: 'item', hint: 'No department has this ID (or it was deleted).' },
	'60004': { errorClass: 'item', hint: 'The parent department does not exist (or is the department itself or one below it).' },
	'60005': { errorClass: 'item', hint: 'The department still has members: move or delete them first.' },
	'60006': { errorClass: 'item', hint: 'The department still has sub-departments: delete those first.' },
	'60007': { errorClass: 'item', hint: 'The root department (ID 1) cannot be deleted.' },
	'60018': { errorClass: 'item', hint: 'The root department (ID 1) cannot be changed through the API.' },
	'60021': { errorClass: 'item', hint: 'The parent already has a sub-department with this name.' },
};

/** Hints for the role and administrator calls (roles-reference.md §2): codes that mean something specific there. */
export const ROLE_HINTS: Record<string, string> = {
	'40035':
		'DingTalk refused the parameters of a role call: check the role IDs (Role → Get Many) and the userids; role IDs and userids go at most 20 roles and 100 users per call.',
	'60121': 'No such current employee: one of the userids has left, was never in the organisation, or is mistyped.',
	'60011':
		'The app lacks the permission for role management or the administrator list. DingTalk developer console → your app → Permissions (权限管理): grant the contacts role (通讯录角色) permissions, then publish a new version of the app.',
};

/** The permission each endpoint needs (dingtalk-api.md §2–3), named in 60011 hints. */
export const PERMISSION_BY_PATH: Record<string, string> = {
	'/topapi/v2/department/listsub': 'qyapi_get_department_list',
	'/topapi/v2/department/listsubid': 'qyapi_get_department_list',
	'/topapi/v2/department/get': 'qyapi_get_department_list',
	'/topapi/v2/department/create': 'qyapi_manage_addresslist',
	'/topapi/v2/department/update': 'qyapi_manage_addresslist',
	'/topapi/v2/department/delete': 'qyapi_manage_addresslist',
	'/topapi/v2/user/list': 'qyapi_get_department_member',
	'/topapi/user/listsimple': 'qyapi_get_department_member',
	'/topapi/user/listid': 'qyapi_get_member',
	'/topapi/user/count': 'qyapi_get_member',
	'/topapi/v2/user/get': 'qyapi_get_member',
	'/topapi/v2/user/getbymobile': 'qyapi_get_member_by_mobile',
	'/topapi/v2/user/create': 'qyapi_manage_addresslist',
	'/topapi/v2/user/update': 'qyapi_manage_addresslist',
	'/topapi/v2/user/delete': 'qyapi_manage_addresslist',
};

/** A code's entry: exact, then (new-API codes such as "Forbidden.AccessDenied.QpsLimitForApi") its last segment. */
export function lookupErrcode(code: string): ErrcodeInfo | undefined {
	return DINGTALK_ERRCODES[code] ?? DINGTALK_ERRCODES[code.split('.').pop() ?? code];
}
