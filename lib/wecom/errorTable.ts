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
		throttle: 'rate',
		hint: 'WeCom rate limit (10,000 calls per minute per API per corp). Lower "Calls per Minute per API" in the credential if this repeats.',
	},
	45033: {
		errorClass: 'transient',
		rateLimited: true,
		throttle: 'concurrency',
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
	40056: { errorClass: 'config', hint: 'WeCom does not know this Agent ID. Copy the AgentId from Apps → your app into the credential.' },
	41011: { errorClass: 'config', hint: 'Fill in the Agent ID of the credential (Apps → your app → AgentId).' },
	// Per item: this input is what WeCom refused; explained in plain English, the other items go on.
	...itemHints({
		40003: 'The userid is not valid: 1 to 64 letters, digits and _-@. starting with a letter or digit, and (except when creating) an existing member.',
		40031: 'Some userids are not in the directory (or outside the secret\'s visible scope).',
		40032: 'Too many members in one call (at most 200 per batch delete, 1000 per message).',
		40035: 'WeCom refused the parameters: tag members are sent as lists of at most 1000 userids and 100 department IDs, not both empty.',
		40068: 'The tag ID is not valid or no tag has it (it may have been deleted). Pick the tag from Tag → Get Many.',
		40070: 'None of the given members, departments or tags is valid: they are unknown or outside the secret\'s visible scope.',
		40071: 'A tag with this name already exists: tag names are unique in a corp.',
		40072: 'The tag name must be 1 to 32 characters.',
		41017: 'The tag ID is missing.',
		41019: 'The department list is missing or was sent as text; departments are sent as a list of whole numbers.',
		44004: 'The message text is empty.',
		45002: 'The message is too long for WeCom (text and markdown at most 2048 bytes).',
		45024: "The corp has reached its member limit (seat limit). Verify or upgrade the organisation in the admin console, or remove members who left.",
		46004: 'No member with this mobile number or email is visible to this secret.',
		60001: 'The department name must be 1 to 64 characters.',
		60003: 'The department does not exist (it may have been deleted). Check the ID, or pick the department from the list.',
		60004: 'The parent department does not exist. Check its ID, or pick it from the list.',
		60005: 'The department still has members. Move or delete its members first, then delete the department.',
		60006: 'The department still has sub-departments. Delete or move them first, then delete the department.',
		60007: 'The root department cannot be deleted or moved.',
		60008: 'A department with this ID already exists, or a department under the same parent already has this name.',
		60009: 'The department name contains a character WeCom does not allow: \\ : * ? " < > |',
		60010: 'The new parent is the department itself or one of its sub-departments.',
		60102: 'A member with this userid already exists (WeCom compares userids ignoring letter case).',
		60103: 'The mobile number is not valid: digits, + and -, at most 32 characters.',
		60104: 'The mobile number is already used by another member.',
		60105: 'The email address is not valid: 6 to 64 bytes.',
		60106: 'The email address is already used by another member.',
		60110: 'Too many departments for one member (at most 100).',
		60111: 'No member with this userid: it may have left, been deleted, or be outside the secret\'s scope.',
		60112: 'The name must be 1 to 64 characters.',
		60123: 'The department ID is not valid.',
		60124: 'The parent department ID is not valid.',
		60125: 'The department name is not valid (1 to 64 characters, none of \\ : * ? " < > |).',
		60129: 'WeCom needs a mobile number or an email for every member.',
		60132: 'The order and leader lists must have exactly one entry per department.',
		60143: 'The business email is not valid.',
		60145: 'The business email is already used by another member.',
		60257: 'Too many direct leaders: WeCom allows one.',
		81002: 'Departments can be at most 15 levels deep.',
		81013: "None of the recipients could be reached: every member, department and tag is unknown or outside the app's visible scope.",
		82001: 'No recipient: give at least one member, department or tag.',
		301005: "The organisation's creator cannot be deleted: transfer the creator role in the admin console first.",
		301012: 'The position must be at most 128 characters.',
		301013: 'The telephone may contain only digits and - + , (at most 32).',
		301015: 'The avatar media ID is not valid: upload the image with the media upload API and use the media_id it returns.',
		301036: 'This userid cannot be changed: WeCom allows changing only a system-generated userid, once.',
	}),
};

function itemHints(hints: Record<number, string>): Record<number, ErrcodeInfo> {
	const out: Record<number, ErrcodeInfo> = {};
	for (const [code, hint] of Object.entries(hints)) out[Number(code)] = { errorClass: 'item', hint };
	return out;
}

/**
 * Hints that replace the generic ones when a write is refused: 48002 and 60011 on a write
 * mean the secret may not edit the directory (D90195: only the contacts-sync secret may).
 */
export const WRITE_HINTS: Record<number, string> = {
	48002: `WeCom refused the write (48002): only the contacts-sync secret may create, update or delete members and departments; a self-built app's secret cannot. ${WRITE_SECRET_HINT}`,
	60011: `WeCom refused the write (60011): this secret has no right to edit the directory. ${WRITE_SECRET_HINT}`,
};

/** message/send is the app's API: the contacts-sync token cannot send (EC 48002), and the Agent ID must be the secret's own app. */
export const MESSAGE_HINTS: Record<number, string> = {
	48002: "Application messages are sent by a self-built app: put that app's Secret and its Agent ID in the credential. The contacts-sync secret cannot send messages.",
	301002: "The Agent ID in the credential is not the app this Secret belongs to. Copy the AgentId from the same app's page (Apps → your app).",
};

/**
 * Tag writes (D90210–D90215): only the app that created a tag may rename, delete or change
 * it. Tags made in the admin console or with the contacts-sync secret need that secret.
 */
const TAG_OWNER_HINT =
	'WeCom lets only the creator of a tag change it: a tag created in the admin console or with the contacts-sync secret needs the contacts-sync secret; a tag created by a self-built app needs that app\'s secret. Members must also be inside that secret\'s visible scope.';

export const TAG_HINTS: Record<number, string> = {
	40031: "None of the userids and departments could be removed from the tag: they are unknown, not in the tag, or outside the secret's visible scope.",
	40070: "None of the userids and departments could be added to the tag: they are unknown or outside the secret's visible scope.",
	48002: `WeCom refused the tag change (48002). ${TAG_OWNER_HINT}`,
	60011: `WeCom refused the tag change (60011). ${TAG_OWNER_HINT}`,
};

/** agent/get_admin_list (D100072): the app's own secret and Agent ID. */
export const ADMIN_HINTS: Record<number, string> = {
	48002: "WeCom refused the administrator list (48002). It is read with the app's own secret and its Agent ID; WeCom documents it for developer-built (代开发) and third-party apps, and may refuse it for other secrets.",
	301002: "The Agent ID in the credential is not the app this Secret belongs to. Copy the AgentId from the same app's page (Apps → your app).",
};

export { WRITE_SECRET_HINT };
