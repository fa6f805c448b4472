import { InputValidationError } from '../../../lib/transport/errors';

/** Role names: "/" separates owner and name in role IDs; Casdoor keeps at most 100 characters. */
export function requireRoleName(value: unknown, field = 'Role Name'): string {
	const name = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!name) throw new InputValidationError(field, 'is required (the Casdoor role name, without "organization/")');
	if (name.includes('/')) throw new InputValidationError(field, 'may not contain "/" (give the name without "organization/")');
	if ([...name].length > 100) throw new InputValidationError(field, 'must be at most 100 characters');
	return name;
}

/** Role members as "owner/name": user names get the organization; "other/name" is kept. */
export function memberIds(value: unknown, organization: string, field = 'Members'): string[] {
	if (value === undefined || value === null || value === '') return [];
	const raw = Array.isArray(value) ? value : typeof value === 'object' ? undefined : String(value).split(/[\s,;]+/);
	if (!raw) throw new InputValidationError(field, 'must be a list of user names, or names separated by commas');
	const ids = raw
		.map((v, n) => {
			if (v !== null && v !== undefined && typeof v === 'object') throw new InputValidationError(field, `entry ${n + 1} is not a user name`);
			return v === null || v === undefined ? '' : String(v).trim();
		})
		.filter((v) => v !== '')
		.map((v, n) => {
			if (/^[^/]+\/[^/]+$/.test(v)) return v;
			if (v.includes('/')) throw new InputValidationError(field, `entry ${n + 1} ("${v}") is not a user name or "organization/name"`);
			return `${organization}/${v}`;
		});
	return [...new Set(ids)];
}
