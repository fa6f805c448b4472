import { InputValidationError } from './errors';

/**
 * The text rules every provider's validation shares, for values that come from node
 * parameters and expressions (an expression can resolve to anything: null, a number, an
 * object, a string with a NUL byte in it).
 *
 * - null / undefined / "" / only spaces / only invisible characters: blank ("not given");
 * - an object or a list, true or false: the wrong type, never turned into "[object Object]",
 *   JSON text or "true";
 * - a number: its decimal text (IDs and phone numbers often come as numbers);
 * - control characters (NUL, escape …): refused; line breaks and tabs only where the field
 *   is multi-line text (a message, a remark).
 */

/** Zero-width spaces and joiners, the byte-order mark, bidirectional marks, fillers: invisible on their own. */
const INVISIBLE_RANGES: Array<[number, number]> = [
	[0x00ad, 0x00ad],
	[0x034f, 0x034f],
	[0x061c, 0x061c],
	[0x115f, 0x1160],
	[0x17b4, 0x17b5],
	[0x180e, 0x180e],
	[0x200b, 0x200f],
	[0x202a, 0x202e],
	[0x2060, 0x2064],
	[0x206a, 0x206f],
	[0x3164, 0x3164],
	[0xfeff, 0xfeff],
	[0xffa0, 0xffa0],
];

function isInvisible(code: number): boolean {
	return INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}

/** C0 and C1 controls and the Unicode line separators; tab and line breaks pass in multi-line text. */
function isControl(code: number, multiline: boolean): boolean {
	if (multiline && (code === 0x09 || code === 0x0a || code === 0x0d)) return false;
	return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

function firstControl(text: string, multiline: boolean): string | undefined {
	for (const ch of text) if (isControl(ch.codePointAt(0)!, multiline)) return ch;
	return undefined;
}

export interface TextOptions {
	/** Line breaks and tabs allowed (message texts, remarks). */
	multiline?: boolean;
}

function nameOf(ch: string): string {
	if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') return 'a line break';
	if (ch === '\t') return 'a tab';
	return `the control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True for a value that means "not given". */
export function isBlankText(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value !== 'string') return false;
	for (const ch of value) {
		const code = ch.codePointAt(0)!;
		if (!isInvisible(code) && ch.trim() !== '') return false;
	}
	return true;
}

/**
 * The trimmed text of a scalar value, or undefined when it is blank. Throws an
 * InputValidationError naming `field` for a wrong type or a control character.
 */
export function scalarText(value: unknown, field: string, options: TextOptions = {}): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'object') throw new InputValidationError(field, 'must be text, not a list or an object');
	if (typeof value === 'boolean') throw new InputValidationError(field, `must be text, not ${String(value)}`);
	if (typeof value === 'number' && !Number.isFinite(value)) throw new InputValidationError(field, `must be text, not ${String(value)}`);
	if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
		throw new InputValidationError(field, `must be text, not a ${typeof value}`);
	}
	const text = String(value).trim();
	if (isBlankText(text)) return undefined;
	const bad = firstControl(text, options.multiline === true);
	if (bad !== undefined) {
		throw new InputValidationError(field, `contains ${nameOf(bad)}${options.multiline ? '' : ': it must be a single line of text'}`);
	}
	return text;
}

/** Characters as people (and WeCom, DingTalk) count them: code points, not UTF-16 units. */
export function characterCount(text: string): number {
	return [...text].length;
}
