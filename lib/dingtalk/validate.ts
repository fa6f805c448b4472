import { InputValidationError } from '../transport/errors';
import type { TextOptions } from '../transport/inputText';
import { isBlankText, scalarText } from '../transport/inputText';

/**
 * DingTalk input rules (docs/api-notes.md, DingTalk §2–3), checked before any call so an invalid item
 * costs nothing and its error names the field. Lengths count characters, as DingTalk does.
 */

const chars = (text: string) => [...text].length;

/** The text of a scalar value ("" when blank); lists, objects, true/false and control characters are refused (inputText). */
function text(value: unknown, field: string, options: TextOptions = {}): string {
	return scalarText(value, field, options) ?? '';
}

/** A blank parameter means "not set": it is left out of the request, never sent as "". */
export function isBlank(value: unknown): boolean {
	return isBlankText(value);
}

export function requireText(value: unknown, field: string, max: number, options: TextOptions = {}): string {
	const out = text(value, field, options);
	if (out === '') throw new InputValidationError(field, 'is required');
	if (chars(out) > max) throw new InputValidationError(field, `must be at most ${max} characters (got ${chars(out)})`);
	return out;
}

export function requireUserId(value: unknown, field = 'User ID'): string {
	if (typeof value === 'object' && value !== null) throw new InputValidationError(field, 'must be a DingTalk userid, not an object');
	const userid = text(value, field);
	if (userid === '') throw new InputValidationError(field, 'is required (a DingTalk userid such as "manager4220")');
	if (chars(userid) > 64) throw new InputValidationError(field, 'must be at most 64 characters');
	// Userids are joined with commas in list parameters: a comma or space inside one would split it.
	if (/[\s,]/.test(userid)) throw new InputValidationError(field, 'may not contain spaces or commas');
	return userid;
}

export function requireUserIds(value: unknown, field: string): string[] {
	const parts = Array.isArray(value) ? value.map((v) => text(v, field)) : text(value, field).split(',').map((p) => p.trim());
	const ids = parts.filter((p) => p !== '').map((p) => requireUserId(p, field));
	return [...new Set(ids)];
}

export function requireDepartmentId(value: unknown, field = 'Department'): number {
	const raw = text(value, field);
	if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
		throw new InputValidationError(field, 'must be a department ID (a positive whole number; 1 is the root)');
	}
	return Number(raw);
}

/** 1 to `max` department IDs, from an array or a comma-separated string. Duplicates are dropped. */
export function requireDepartmentIds(value: unknown, field = 'Departments', max = 100): number[] {
	const parts = Array.isArray(value) ? value.map((v) => text(v, field)) : text(value, field).split(/[,，\s]+/);
	const ids = [...new Set(parts.filter((p) => p !== '').map((p) => requireDepartmentId(p, field)))];
	if (ids.length === 0) throw new InputValidationError(field, 'needs at least one department');
	if (ids.length > max) throw new InputValidationError(field, `takes at most ${max} departments (got ${ids.length})`);
	return ids;
}

/** Mainland numbers as 11 digits; elsewhere "+<country code>-<number>", as DingTalk wants them. */
export function requireMobile(value: unknown, field = 'Mobile'): string {
	const mobile = text(value, field);
	if (mobile === '') throw new InputValidationError(field, 'is required');
	if (!/^(?:1\d{10}|\+\d{1,4}-\d{4,20})$/.test(mobile)) {
		throw new InputValidationError(
			field,
			'must be an 11-digit mainland China number (e.g. 13800000000) or a country code and number written like +852-51234567',
		);
	}
	return mobile;
}

export function requireEmail(value: unknown, field: string, max?: number): string {
	const email = text(value, field);
	if (email === '') throw new InputValidationError(field, 'is required');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputValidationError(field, 'must be an email address');
	if (max !== undefined && chars(email) > max) throw new InputValidationError(field, `must be at most ${max} characters`);
	return email;
}

export function requireBoolean(value: unknown, field: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new InputValidationError(field, 'must be true or false');
}

export function requireInteger(value: unknown, field: string, min = 0): number {
	const n = typeof value === 'number' ? value : Number(text(value, field));
	if (!Number.isSafeInteger(n) || n < min) throw new InputValidationError(field, `must be a whole number of at least ${min}`);
	return n;
}

export function requireOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
	const v = text(value, field);
	if (!(allowed as readonly string[]).includes(v)) throw new InputValidationError(field, `must be one of ${allowed.join(', ')}`);
	return v as T;
}

/** A date (ISO text, or epoch milliseconds) as epoch milliseconds, the unit DingTalk uses. */
export function requireDateMs(value: unknown, field: string): number {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	const raw = text(value, field);
	const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
	if (!Number.isFinite(ms) || ms < 0) throw new InputValidationError(field, 'must be a date (e.g. 2024-03-01) or epoch milliseconds');
	return ms;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

/** A JSON value given as an object or as JSON text. */
export function requireJson(value: unknown, field: string, kind: 'object' | 'array'): unknown {
	const parsed = typeof value === 'string' ? parseJson(value) : value;
	const ok = kind === 'array' ? Array.isArray(parsed) : !!parsed && typeof parsed === 'object' && !Array.isArray(parsed);
	if (!ok) throw new InputValidationError(field, `must be a JSON ${kind}`);
	return parsed;
}

/** Department names: 1–64 characters, without "-", "," or "，" (DingTalk rejects those). */
export function requireDepartmentName(value: unknown, field = 'Name'): string {
	const name = requireText(value, field, 64);
	if (/[-,，]/.test(name)) throw new InputValidationError(field, 'may not contain "-", "," or "，"');
	return name;
}
