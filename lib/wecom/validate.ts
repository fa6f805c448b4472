import { InputValidationError } from '../transport/errors';
import type { TextOptions } from '../transport/inputText';
import { characterCount, scalarText } from '../transport/inputText';

/** WeCom input rules (docs/api-notes.md, WeCom §3.2), checked before any call so an invalid item costs nothing. */

const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]*$/;

export function requireUserId(value: unknown, field = 'User ID'): string {
	const userid = scalarText(value, field);
	if (userid === undefined) throw new InputValidationError(field, 'is required (a WeCom userid such as "zhangsan")');
	if (Buffer.byteLength(userid, 'utf8') > 64) throw new InputValidationError(field, 'must be at most 64 bytes');
	if (!USERID.test(userid)) {
		throw new InputValidationError(
			field,
			'may contain only letters, digits and _-@. and must start with a letter or digit',
		);
	}
	return userid;
}

export function requireMobile(value: unknown, field = 'Mobile'): string {
	const mobile = scalarText(value, field) ?? '';
	if (mobile === '') throw new InputValidationError(field, 'is required');
	if (!/^\+?[0-9][0-9\- ]{4,30}$/.test(mobile)) {
		throw new InputValidationError(field, 'must be a phone number of digits, optionally with a leading + and country code');
	}
	return mobile;
}

export function requireEmail(value: unknown, field = 'Email'): string {
	const email = scalarText(value, field) ?? '';
	if (email === '') throw new InputValidationError(field, 'is required');
	const bytes = Buffer.byteLength(email, 'utf8');
	if (bytes < 6 || bytes > 64) throw new InputValidationError(field, 'must be 6 to 64 bytes long');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputValidationError(field, 'must be an email address');
	return email;
}

export function requireDepartmentId(value: unknown, field = 'Department'): number {
	const text = scalarText(value, field) ?? '';
	if (!/^\d+$/.test(text)) throw new InputValidationError(field, 'must be a department ID (a positive whole number)');
	const id = Number(text);
	if (id < 1 || id > 2 ** 32 - 1) throw new InputValidationError(field, 'must be a department ID between 1 and 4294967295');
	return id;
}

// ---- write rules (docs/api-notes.md, WeCom §2–3.2; message and invitation limits from D90236 / D90975) ----

const UINT32_MAX = 2 ** 32 - 1;
const DEPARTMENT_NAME_ILLEGAL = /[\\:*?"<>|]/;

/**
 * A parameter's text, or undefined when it is blank: blank optional fields are not sent (WeCom
 * keeps the value). Lists, objects, true/false and control characters are refused (inputText).
 */
export function optionalText(value: unknown, field: string, options: TextOptions = {}): string | undefined {
	return scalarText(value, field, options);
}

function limitedText(value: unknown, field: string, max: number, unit: 'characters' | 'bytes', options: TextOptions = {}): string | undefined {
	const text = optionalText(value, field, options);
	if (text === undefined) return undefined;
	// Characters as WeCom counts them for names: code points, not bytes or UTF-16 units.
	const size = unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : characterCount(text);
	if (size > max) throw new InputValidationError(field, `must be at most ${max} ${unit} (it has ${size})`);
	return text;
}

export function requireName(value: unknown, field = 'Name'): string {
	const name = limitedText(value, field, 64, 'characters');
	if (name === undefined) throw new InputValidationError(field, 'is required (1 to 64 characters)');
	return name;
}

export const optionalAlias = (value: unknown, field = 'Alias') => limitedText(value, field, 64, 'characters');
export const optionalPosition = (value: unknown, field = 'Position') => limitedText(value, field, 128, 'characters');
export const optionalAddress = (value: unknown, field = 'Address') => limitedText(value, field, 128, 'characters', { multiline: true });
export const optionalExternalPosition = (value: unknown, field = 'External Position') => limitedText(value, field, 12, 'characters');

export function optionalMobile(value: unknown, field = 'Mobile'): string | undefined {
	return optionalText(value, field) === undefined ? undefined : requireMobile(value, field);
}

export function optionalEmail(value: unknown, field = 'Email'): string | undefined {
	return optionalText(value, field) === undefined ? undefined : requireEmail(value, field);
}

export function optionalTelephone(value: unknown, field = 'Telephone'): string | undefined {
	const phone = limitedText(value, field, 32, 'bytes');
	if (phone !== undefined && !/^[0-9+\-,]+$/.test(phone)) {
		throw new InputValidationError(field, 'may contain only digits and - + , (at most 32)');
	}
	return phone;
}

export function optionalGender(value: unknown, field = 'Gender'): '1' | '2' | undefined {
	const text = optionalText(value, field)?.toLowerCase();
	if (text === undefined) return undefined;
	if (text === '1' || text === 'male') return '1';
	if (text === '2' || text === 'female') return '2';
	throw new InputValidationError(field, 'must be 1 (male) or 2 (female)');
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value === true || value === 'true' || value === 1 || value === '1') return true;
	if (value === false || value === 'false' || value === 0 || value === '0') return false;
	throw new InputValidationError(field, 'must be true or false');
}

/** A list parameter: an array, or text separated by commas, "|", semicolons or new lines. */
export function listOf(value: unknown, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const raw = Array.isArray(value) ? value : typeof value === 'object' || typeof value === 'boolean' ? undefined : String(value).split(/[\s,;|]+/);
	if (!raw) throw new InputValidationError(field, 'must be a list, or values separated by commas');
	return raw.map((v) => (v === undefined || v === null ? '' : typeof v === 'object' ? '[object]' : String(v).trim())).filter((v) => v !== '');
}

export function userIdList(value: unknown, field: string, max: number): string[] {
	const ids = listOf(value, field);
	if (ids.length > max) throw new InputValidationError(field, `may list at most ${max} members (it has ${ids.length})`);
	return ids.map((id) => requireUserId(id, field));
}

function integerList(value: unknown, field: string, max: number, what: string): number[] {
	const ids = listOf(value, field);
	if (ids.length > max) throw new InputValidationError(field, `may list at most ${max} ${what}s (it has ${ids.length})`);
	return ids.map((id) => {
		if (!/^\d+$/.test(id) || Number(id) < 1 || Number(id) > UINT32_MAX) {
			throw new InputValidationError(field, `"${id}" is not a ${what} ID (a positive whole number)`);
		}
		return Number(id);
	});
}

export const departmentIdList = (value: unknown, field: string, max: number) => integerList(value, field, max, 'department');
export const tagIdList = (value: unknown, field: string, max: number) => integerList(value, field, max, 'tag');

/** At most one direct leader (D90195), given as a userid, a one-element list, or nothing. */
export function optionalDirectLeader(value: unknown, field = 'Direct Leader'): string[] | undefined {
	const ids = listOf(value, field);
	if (ids.length === 0) return undefined;
	if (ids.length > 1) throw new InputValidationError(field, `WeCom allows at most one direct leader (${ids.length} given)`);
	return [requireUserId(ids[0], field)];
}

function parseJson(text: string, field: string): unknown {
	let problem: string | undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== undefined) throw new InputValidationError(field, `must be valid JSON (${problem})`);
	return parsed;
}

/** A JSON object given as text or as an object (an expression); must parse. */
export function optionalJsonObject(value: unknown, field: string): Record<string, unknown> | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '' || value.trim() === '{}') return undefined;
		parsed = parseJson(value, field);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputValidationError(field, 'must be a JSON object');
	return parsed as Record<string, unknown>;
}

/** Extended attributes: {"attrs": [...]} or the list itself; each attribute has a type (0 text, 1 web, 2 mini program) and a name. */
export function optionalExtattr(value: unknown, field = 'Extended Attributes (JSON)'): { attrs: Array<Record<string, unknown>> } | undefined {
	let parsed: unknown = value;
	if (typeof value === 'string' && value.trim().startsWith('[')) {
		parsed = { attrs: parseJson(value, field) };
	} else if (Array.isArray(value)) parsed = { attrs: value };
	const object = optionalJsonObject(parsed, field);
	if (!object) return undefined;
	const attrs = object.attrs;
	if (!Array.isArray(attrs)) throw new InputValidationError(field, 'must have an "attrs" list');
	attrs.forEach((attr, n) => {
		const a = attr as Record<string, unknown> | null;
		if (!a || typeof a !== 'object' || ![0, 1, 2].includes(a.type as number) || typeof a.name !== 'string' || a.name === '') {
			throw new InputValidationError(field, `attribute ${n + 1} needs "type" 0 (text), 1 (web) or 2 (mini program) and a "name"`);
		}
	});
	// An empty list is "not given", like every other empty field (the parameter's default is {"attrs": []}).
	return attrs.length ? { attrs: attrs as Array<Record<string, unknown>> } : undefined;
}

function wholeNumber(value: unknown, field: string, min: number, max: number, what: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
		throw new InputValidationError(field, `must be ${what} (a whole number from ${min} to ${max})`);
	}
	return Number(text);
}

/** Sort order: in [0, 2^32), larger first (D90341). */
export const optionalOrder = (value: unknown, field: string) => wholeNumber(value, field, 0, UINT32_MAX, 'a sort order');

/** A department ID chosen for a new department: a 32-bit integer greater than 1 (1 is the root). */
export const optionalNewDepartmentId = (value: unknown, field = 'Department ID') =>
	wholeNumber(value, field, 2, UINT32_MAX, 'a new department ID');

export function requireDepartmentName(value: unknown, field = 'Name'): string {
	const name = limitedText(value, field, 64, 'characters');
	if (name === undefined) throw new InputValidationError(field, 'is required (1 to 64 characters)');
	if (DEPARTMENT_NAME_ILLEGAL.test(name)) throw new InputValidationError(field, 'may not contain any of \\ : * ? " < > |');
	return name;
}

export function optionalDepartmentName(value: unknown, field: string): string | undefined {
	return optionalText(value, field) === undefined ? undefined : requireDepartmentName(value, field);
}

/** Text that must fit a byte limit (message contents are limited in UTF-8 bytes, D90236). */
export function requireBytes(value: unknown, field: string, max: number, options: TextOptions = {}): string {
	const text = limitedText(value, field, max, 'bytes', options);
	if (text === undefined) throw new InputValidationError(field, 'is required');
	return text;
}
