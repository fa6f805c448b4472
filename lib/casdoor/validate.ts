import { InputValidationError } from '../transport/errors';
import { characterCount, scalarText } from '../transport/inputText';

/**
 * Casdoor user fields checked before any call (object/user.go: most columns are
 * varchar(100); properties is a map of text to text; groups a list of "owner/name"). Casdoor
 * itself accepts almost anything in them — a "maybe" in isForbidden, a line break in a
 * display name, a list where text belongs — so a wrong value would be written, not refused.
 */

/** Columns of up to 100 characters of single-line text. */
const TEXT_FIELDS = [
	'id',
	'externalId',
	'type',
	'displayName',
	'firstName',
	'lastName',
	'title',
	'affiliation',
	'tag',
	'language',
	'idCard',
	'realName',
	'location',
	'region',
	'gender',
	'wecom',
	'dingtalk',
	'lark',
];
const BOOLEAN_FIELDS = ['emailVerified', 'isAdmin', 'isForbidden'];
const COLUMN_MAX = 100;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{3,30}$/;
const AVATAR = /^(https?:\/\/\S+|data:image\/[a-z0-9+.-]+;base64,\S+)$/i;

function text(value: unknown, field: string, max = COLUMN_MAX): string | undefined {
	const out = scalarText(value, field);
	if (out !== undefined && characterCount(out) > max) {
		throw new InputValidationError(field, `must be at most ${max} characters (it has ${characterCount(out)})`);
	}
	return out;
}

function boolean(value: unknown, field: string): boolean {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw new InputValidationError(field, 'must be true or false');
}

/** Group names of a user: a list or comma-separated text; "name" or "owner/name". */
export function groupList(value: unknown, field: string): string[] {
	const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
	if (!raw) throw new InputValidationError(field, 'must be a list of group names, or names separated by commas');
	const out: string[] = [];
	for (const entry of raw) {
		const group = text(entry, field, 2 * COLUMN_MAX + 1);
		if (group === undefined) continue;
		const parts = group.split('/');
		if (parts.length > 2 || parts.some((p) => p.trim() === '' || characterCount(p) > COLUMN_MAX)) {
			throw new InputValidationError(field, `"${group}" is not a group name ("name" or "organization/name", at most ${COLUMN_MAX} characters each)`);
		}
		out.push(group);
	}
	return out;
}

function properties(value: unknown, field: string): Record<string, string> {
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputValidationError(field, 'must be an object of text values');
	const out: Record<string, string> = {};
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		const v = record[key];
		if (key.trim() === '') throw new InputValidationError(field, 'may not have an empty key');
		if (v === undefined || v === null) continue;
		if (typeof v === 'object') throw new InputValidationError(field, `"${key}" must be text, not a list or an object`);
		out[key] = String(v);
	}
	return out;
}

/**
 * The given user fields, checked and normalized: text trimmed, booleans as booleans, groups as
 * a list. `labels` names the fields as the node shows them (an error names the field).
 */
export function validateUserFields(fields: Record<string, unknown>, labels: Record<string, string> = {}): Record<string, unknown> {
	const label = (key: string) => labels[key] ?? key;
	const out: Record<string, unknown> = {};
	// Keys, not entries: a pair array per field is garbage, for every user of a 100k sync.
	for (const key of Object.keys(fields)) {
		const value = fields[key];
		let checked: unknown;
		if (TEXT_FIELDS.includes(key)) checked = text(value, label(key));
		else if (BOOLEAN_FIELDS.includes(key)) checked = boolean(value, label(key));
		else if (key === 'email') {
			checked = text(value, label(key));
			if (checked !== undefined && !EMAIL.test(checked as string)) throw new InputValidationError(label(key), 'must be an email address');
		} else if (key === 'phone') {
			checked = text(value, label(key));
			if (checked !== undefined && !PHONE.test(checked as string)) {
				throw new InputValidationError(label(key), 'must be a phone number: digits, optionally a leading + and country code, spaces, - or parentheses');
			}
		} else if (key === 'countryCode') {
			checked = text(value, label(key));
			if (checked !== undefined && !/^[A-Za-z]{2}$/.test(checked as string)) {
				throw new InputValidationError(label(key), 'must be a two-letter region code such as CN');
			}
			if (checked !== undefined) checked = (checked as string).toUpperCase();
		} else if (key === 'avatar') {
			checked = scalarText(value, label(key));
			if (checked !== undefined && !AVATAR.test(checked as string)) throw new InputValidationError(label(key), 'must be an image URL (http:// or https://)');
		} else if (key === 'groups') checked = groupList(value, label(key));
		else if (key === 'properties') checked = properties(value, label(key));
		else checked = value;
		if (checked !== undefined) out[key] = checked;
	}
	return out;
}
