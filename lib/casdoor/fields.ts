/**
 * User fields this package reads from input items and may write (object/user.go). Keys
 * outside this list are ignored: Casdoor turns update-user `columns` into SQL column
 * names, so an unknown key must never reach it.
 */
export const USER_FIELDS = [
	'id',
	'externalId',
	'type',
	'displayName',
	'firstName',
	'lastName',
	'avatar',
	'email',
	'emailVerified',
	'phone',
	'countryCode',
	'region',
	'location',
	'affiliation',
	'title',
	'gender',
	'tag',
	'language',
	'idCard',
	'realName',
	'isAdmin',
	'isForbidden',
	'wecom',
	'dingtalk',
	'lark',
	'groups',
	'properties',
] as const;

const KNOWN = new Set<string>(USER_FIELDS);

/** The known, non-empty user fields of an arbitrary object ("" and null mean "not given"). */
export function pickUserFields(source: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(source)) {
		const value = source[key];
		if (!KNOWN.has(key) || value === undefined || value === null || value === '') continue;
		out[key] = value;
	}
	return out;
}
