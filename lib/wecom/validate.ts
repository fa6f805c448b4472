import { InputValidationError } from '../transport/errors';

/** WeCom input rules (wecom-api.md §3.2), checked before any call so an invalid item costs nothing. */

const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]*$/;

export function requireUserId(value: unknown, field = 'User ID'): string {
	if (value === undefined || value === null || typeof value === 'object') {
		throw new InputValidationError(field, 'is required (a WeCom userid such as "zhangsan")');
	}
	const userid = String(value).trim();
	if (userid === '') throw new InputValidationError(field, 'is required (a WeCom userid such as "zhangsan")');
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
	const mobile = value === undefined || value === null ? '' : String(value).trim();
	if (mobile === '') throw new InputValidationError(field, 'is required');
	if (!/^\+?[0-9][0-9\- ]{4,30}$/.test(mobile)) {
		throw new InputValidationError(field, 'must be a phone number of digits, optionally with a leading + and country code');
	}
	return mobile;
}

export function requireEmail(value: unknown, field = 'Email'): string {
	const email = value === undefined || value === null ? '' : String(value).trim();
	if (email === '') throw new InputValidationError(field, 'is required');
	const bytes = Buffer.byteLength(email, 'utf8');
	if (bytes < 6 || bytes > 64) throw new InputValidationError(field, 'must be 6 to 64 bytes long');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputValidationError(field, 'must be an email address');
	return email;
}

export function requireDepartmentId(value: unknown, field = 'Department'): number {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!/^\d+$/.test(text)) throw new InputValidationError(field, 'must be a department ID (a positive whole number)');
	const id = Number(text);
	if (id < 1 || id > 2 ** 32 - 1) throw new InputValidationError(field, 'must be a department ID between 1 and 4294967295');
	return id;
}
