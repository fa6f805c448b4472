/**
 * A small, strict reader for the XML WeCom sends to callback URLs: an `<xml>` root whose
 * children are leaves holding text or CDATA (`<UserID><![CDATA[zhangsan]]></UserID>`,
 * `<CreateTime>1403610513</CreateTime>`), plus the odd nested block such as `ExtAttr`.
 *
 * Strict on purpose — it reads untrusted input before and after decryption: no attributes,
 * no DOCTYPE (so no entity expansion), no comments or processing instructions other than
 * a leading XML declaration, no mixed text and elements, only the five predefined entities
 * and numeric character references, and bounded depth and element count. Anything else is
 * an XmlError, which the trigger answers with 400.
 */

export interface XmlElement {
	name: string;
	/** The decoded text of a leaf; '' for an element with children. */
	text: string;
	children: XmlElement[];
}

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(`Malformed XML: ${message}`);
		this.name = 'XmlError';
	}
}

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const ENTITIES = new Map([
	['lt', '<'],
	['gt', '>'],
	['amp', '&'],
	['quot', '"'],
	['apos', "'"],
]);
const MAX_DEPTH = 8;
const MAX_ELEMENTS = 2000;

export function parseXml(source: string): XmlElement {
	const reader = new Reader(source.replace(/^\uFEFF/, ''));
	reader.skipDeclaration();
	reader.skipWhitespace();
	const root = reader.element(0);
	reader.skipWhitespace();
	if (!reader.atEnd()) throw new XmlError('content after the root element');
	return root;
}

/** An element's children as a JSON object: leaves become strings, repeated names become arrays. */
export function toObject(element: XmlElement): XmlObject {
	const out: XmlObject = {};
	for (const child of element.children) {
		const value: XmlValue = child.children.length ? toObject(child) : child.text;
		const existing = Object.prototype.hasOwnProperty.call(out, child.name) ? out[child.name] : undefined;
		if (existing === undefined) out[child.name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else out[child.name] = [existing, value];
	}
	return out;
}

class Reader {
	private pos = 0;

	private elements = 0;

	constructor(private readonly s: string) {}

	atEnd(): boolean {
		return this.pos >= this.s.length;
	}

	skipWhitespace(): void {
		while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos])) this.pos++;
	}

	skipDeclaration(): void {
		if (!this.s.startsWith('<?xml', this.pos)) return;
		const end = this.s.indexOf('?>', this.pos);
		if (end < 0) throw new XmlError('unterminated XML declaration');
		this.pos = end + 2;
	}

	element(depth: number): XmlElement {
		if (depth >= MAX_DEPTH) throw new XmlError('nested too deeply');
		if (++this.elements > MAX_ELEMENTS) throw new XmlError('too many elements');
		this.expect('<');
		const name = this.name();
		this.skipWhitespace();
		if (this.s.startsWith('/>', this.pos)) {
			this.pos += 2;
			return { name, text: '', children: [] };
		}
		if (this.s[this.pos] !== '>') throw new XmlError(`attributes are not allowed (in <${name}>)`);
		this.pos++;

		const children: XmlElement[] = [];
		let text = '';
		let hasCdata = false;
		let plain = '';
		for (;;) {
			if (this.atEnd()) throw new XmlError(`<${name}> is not closed`);
			if (this.s.startsWith('<![CDATA[', this.pos)) {
				const end = this.s.indexOf(']]>', this.pos + 9);
				if (end < 0) throw new XmlError('unterminated CDATA section');
				text += this.s.slice(this.pos + 9, end);
				hasCdata = true;
				this.pos = end + 3;
			} else if (this.s.startsWith('</', this.pos)) {
				this.pos += 2;
				const closing = this.name();
				this.skipWhitespace();
				this.expect('>');
				if (closing !== name) throw new XmlError(`<${name}> is closed by </${closing}>`);
				break;
			} else if (this.s.startsWith('<!', this.pos) || this.s.startsWith('<?', this.pos)) {
				throw new XmlError('comments, DOCTYPE and processing instructions are not allowed');
			} else if (this.s[this.pos] === '<') {
				children.push(this.element(depth + 1));
			} else {
				const chunk = this.textRun();
				plain += chunk;
				text += chunk;
			}
		}
		const plainIsBlank = plain.trim() === '';
		if (children.length && (hasCdata || !plainIsBlank)) throw new XmlError(`<${name}> mixes text and elements`);
		if (children.length) return { name, text: '', children };
		// Whitespace around a CDATA section is layout, not value.
		if (hasCdata && plainIsBlank) text = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
		return { name, text, children };
	}

	private name(): string {
		NAME.lastIndex = this.pos;
		const match = NAME.exec(this.s);
		if (!match) throw new XmlError(`expected an element name at offset ${this.pos}`);
		if (FORBIDDEN_NAMES.has(match[0])) throw new XmlError(`element name "${match[0]}" is not allowed`);
		this.pos += match[0].length;
		return match[0];
	}

	private expect(char: string): void {
		if (this.s[this.pos] !== char) throw new XmlError(`expected "${char}" at offset ${this.pos}`);
		this.pos++;
	}

	/** Text up to the next "<", with entity and character references decoded. */
	private textRun(): string {
		const end = this.s.indexOf('<', this.pos);
		const raw = this.s.slice(this.pos, end < 0 ? this.s.length : end);
		this.pos += raw.length;
		if (raw.includes(']]>')) throw new XmlError('"]]>" outside CDATA');
		return raw.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
			if (!whole.endsWith(';')) throw new XmlError('a bare "&" in text');
			const named = ENTITIES.get(ref);
			if (named !== undefined) return named;
			const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? Number(ref.slice(1)) : NaN;
			if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
				throw new XmlError(`unknown entity "&${ref};"`);
			}
			return String.fromCodePoint(code);
		});
	}
}
