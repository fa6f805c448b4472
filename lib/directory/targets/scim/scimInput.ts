import { InputValidationError } from '../../../transport/errors';
import { scalarText } from '../../../transport/inputText';

/**
 * What Sync Users reads from an input item when the target is a SCIM server, and how it
 * checks it. SCIM (RFC 7643) sets no length on these attributes and takes a phone number as
 * free text (often "tel:+1-201-555-0123"), so none of Casdoor's varchar(100) or phone-shape
 * rules apply here: a value is refused only when it is the wrong kind of value.
 */

/** The IAM user fields and the extra SCIM ones (see scimUser.ts) an input item may carry. */
const INPUT_FIELDS = [
	'externalId', 'displayName', 'email', 'phone', 'title', 'isForbidden',
	'givenName', 'familyName', 'employeeNumber', 'department', 'managerId',
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The SCIM-relevant, non-empty fields of an input item. */
export function pickScimInput(json: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of INPUT_FIELDS) if (json[key] !== undefined && json[key] !== null && json[key] !== '') out[key] = json[key];
	return out;
}

/** The picked fields checked and normalized: single-line text trimmed, isForbidden a boolean, email an address. */
export function validateScimInput(fields: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		let checked: unknown;
		if (key === 'isForbidden') {
			if (value === true || value === 'true') checked = true;
			else if (value === false || value === 'false') checked = false;
			else throw new InputValidationError(key, 'must be true or false');
		} else {
			checked = scalarText(value, key);
			if (key === 'email' && checked !== undefined && !EMAIL.test(checked as string)) throw new InputValidationError(key, 'must be an email address');
		}
		if (checked !== undefined) out[key] = checked;
	}
	return out;
}
