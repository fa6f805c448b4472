/** Never compared or written by a diff: identity, server-managed and unreadable columns. */
const NOT_COMPARED = new Set(['owner', 'name', 'password', 'createdTime', 'updatedTime', 'hash', 'preHash']);

type Json = Record<string, unknown>;

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Digits only, keeping whether the number was written in international form. */
function phoneDigits(phone: string): { digits: string; international: boolean } {
	return { digits: phone.replace(/\D/g, ''), international: phone.trim().startsWith('+') };
}

/**
 * Casdoor stores phones normalized to the national number with a separate countryCode
 * ("+86 138 0013 8000" → "13800138000", CN). A number counts as unchanged when the digits
 * match, or when the source's international form ends with the stored national number.
 */
export function samePhone(source: string, stored: string): boolean {
	const a = phoneDigits(source);
	const b = phoneDigits(stored);
	if (a.digits === b.digits) return true;
	if (b.digits.length < 6) return false;
	const [intl, national] = a.international ? [a.digits, b.digits] : b.international ? [b.digits, a.digits] : ['', ''];
	// A calling code is 1 to 3 digits.
	return intl !== '' && intl.endsWith(national) && intl.length - national.length <= 3;
}

/**
 * A phone number as account linking compares it: its digits, without China's +86 calling code
 * (Casdoor stores the national number and the country apart; WeCom and DingTalk send either).
 */
export function nationalDigits(phone: string): string | undefined {
	const { digits, international } = phoneDigits(phone);
	if (digits.length < 6) return undefined;
	return (international || digits.length === 13) && digits.startsWith('86') ? digits.slice(2) : digits;
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
	const left = new Set(a.map(String));
	const right = new Set(b.map(String));
	return left.size === right.size && [...left].every((x) => right.has(x));
}

export interface UserDiff {
	/** The changed fields: Casdoor's update-user `columns`, a SCIM view's attributes. */
	columns: string[];
	/** The new values of those columns (properties merged onto the stored ones). */
	changes: Json;
	/** The stored values of those columns, for the record. */
	before: Json;
}

/**
 * What must be written to make `existing` carry every value of `desired`. Only the fields
 * `desired` has are compared (the ones the mapping produced); empty desired values are
 * ignored, so a missing email upstream never blanks one in Casdoor. `properties` is
 * compared key by key and written merged, so properties set by others survive; `groups`
 * is compared as a set and written as given.
 */
export function diffUser(desired: Json, existing: Json): UserDiff {
	const diff: UserDiff = { columns: [], changes: {}, before: {} };
	const record = (column: string, value: unknown, before: unknown) => {
		diff.columns.push(column);
		diff.changes[column] = value;
		diff.before[column] = before;
	};
	for (const [key, value] of Object.entries(desired)) {
		if (NOT_COMPARED.has(key) || isEmpty(value)) continue;
		const stored = existing[key];
		if (key === 'properties') {
			if (typeof value !== 'object' || Array.isArray(value)) continue;
			const storedProps = (stored && typeof stored === 'object' ? stored : {}) as Record<string, string>;
			const wanted = Object.entries(value as Json).filter(([, v]) => !isEmpty(v));
			if (wanted.some(([k, v]) => storedProps[k] !== String(v))) {
				const merged: Record<string, string> = { ...storedProps };
				for (const [k, v] of wanted) merged[k] = String(v);
				record(key, merged, stored ?? null);
			}
		} else if (Array.isArray(value)) {
			if (!sameSet(value, Array.isArray(stored) ? stored : [])) record(key, value, stored ?? null);
		} else if (typeof value === 'boolean') {
			if (value !== (stored === true)) record(key, value, stored ?? false);
		} else if (key === 'email') {
			// E-mail addresses are compared without case: Casdoor refuses to change only the case of
			// one ("Email already exists": its uniqueness check finds the user itself), and so would
			// be asked again on every sync.
			if (String(value).toLowerCase() !== String(stored ?? '').toLowerCase()) record(key, value, stored ?? '');
		} else if (key === 'phone') {
			if (!samePhone(String(value), String(stored ?? ''))) record(key, value, stored ?? '');
		} else if (typeof value === 'object') {
			if (JSON.stringify(value) !== JSON.stringify(stored)) record(key, value, stored ?? null);
		} else if (String(value) !== String(stored ?? '')) {
			record(key, value, stored ?? '');
		}
	}
	return diff;
}
