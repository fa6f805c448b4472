import { InputValidationError } from '../transport/errors';
import { requireUserIds } from './validate';

/** Role input rules (docs/roles-reference.md §2), checked before any call so the error names the field. */

export function requireRoleId(value: unknown, field = 'Role'): number {
	const text = value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();
	if (!/^\d{1,18}$/.test(text) || Number(text) < 1) {
		throw new InputValidationError(field, 'must be a role ID (a positive whole number, see Role → Get Many)');
	}
	return Number(text);
}

/** Role IDs from a list or text separated by commas; chunked to 20 per call later, so only a sanity cap here. */
export function requireRoleIds(value: unknown, field = 'Roles', max = 1000): number[] {
	const parts = Array.isArray(value) ? value : value === undefined || value === null ? [] : String(value).split(/[,，\s]+/);
	const ids = [...new Set(parts.filter((p) => String(p ?? '').trim() !== '').map((p) => requireRoleId(p, field)))];
	if (ids.length === 0) throw new InputValidationError(field, 'needs at least one role ID');
	if (ids.length > max) throw new InputValidationError(field, `takes at most ${max} roles (got ${ids.length})`);
	return ids;
}

/** The userids of one Add / Remove item: at least one, at most `max` (chunked per call later). */
export function requireRoleUsers(value: unknown, field = 'Users', max = 10000): string[] {
	const ids = requireUserIds(value, field);
	if (ids.length === 0) throw new InputValidationError(field, 'needs at least one userid');
	if (ids.length > max) throw new InputValidationError(field, `takes at most ${max} users (got ${ids.length})`);
	return ids;
}
