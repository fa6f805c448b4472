/**
 * The message crypto that WeCom and DingTalk share for signed callbacks (docs/api-notes.md, WeCom §6,
 * docs/api-notes.md, DingTalk §6): both copied the same scheme, so one implementation serves both.
 *
 * - signature: hex SHA-1 of the four strings token, timestamp, nonce and ciphertext,
 *   sorted and concatenated;
 * - key: base64(EncodingAESKey + "=") — 32 bytes; AES-256-CBC with IV = key[0..16];
 * - PKCS#7 padding to a multiple of 32 bytes (not AES's 16, so Node's automatic padding
 *   cannot be used in either direction);
 * - plaintext: 16 random bytes, the message length (4 bytes, big-endian), the message,
 *   then the receive ID (WeCom corp ID / DingTalk app key or corp ID).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { CallbackRejection } from './callbackRejection';

const BLOCK = 32;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SHA1_HEX = /^[0-9a-f]{40}$/;

/** Why a key is unusable, or undefined when it is fine (used by the credential test too). */
export function encodingAesKeyProblem(encodingAESKey: string): string | undefined {
	if (encodingAESKey.length !== 43) {
		return `The EncodingAESKey must be exactly 43 characters; this one has ${encodingAESKey.length}. Copy it again from the admin console.`;
	}
	if (!ENCODING_AES_KEY.test(encodingAESKey)) {
		return 'The EncodingAESKey may contain only letters and digits (base64 characters). Copy it again from the admin console.';
	}
	return undefined;
}

/** The AES key derived from an EncodingAESKey; throws (as a configuration error) when it is malformed. */
export function aesKeyOf(encodingAESKey: string): Buffer {
	const problem = encodingAesKeyProblem(encodingAESKey);
	if (problem) throw new Error(problem);
	return Buffer.from(`${encodingAESKey}=`, 'base64');
}

export function signatureOf(token: string, timestamp: string, nonce: string, encrypted: string): string {
	return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}

/**
 * Whether `given` is the signature of the other four values. The comparison takes the same
 * time wherever the first differing byte is, so an attacker cannot find a valid signature
 * byte by byte from response times.
 */
export function signatureMatches(given: string, token: string, timestamp: string, nonce: string, encrypted: string): boolean {
	const normalised = given.toLowerCase();
	if (!SHA1_HEX.test(normalised)) return false;
	const expected = Buffer.from(signatureOf(token, timestamp, nonce, encrypted), 'hex');
	return timingSafeEqual(expected, Buffer.from(normalised, 'hex'));
}

export interface DecryptedMessage {
	message: string;
	receiveId: string;
}

/**
 * Decrypt and unframe a callback message. Anything that is not exactly what the scheme
 * produces (bad base64, a length that is not whole AES blocks, bad padding, a length field
 * that points outside the plaintext) is rejected as malformed — a message that was signed
 * with the right token but does not decrypt means the EncodingAESKey does not match.
 */
export function decryptMessage(key: Buffer, encrypted: string): DecryptedMessage {
	if (!encrypted || !BASE64.test(encrypted)) throw new CallbackRejection(400, 'the encrypted message is not base64');
	const cipherText = Buffer.from(encrypted, 'base64');
	if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
		throw new CallbackRejection(400, 'the encrypted message is not a whole number of AES blocks');
	}
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
	const plain = unpad(padded);
	if (plain.length < 20) throw new CallbackRejection(400, 'the decrypted message is too short');
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new CallbackRejection(400, 'the decrypted message length is inconsistent');
	return {
		message: plain.subarray(20, 20 + length).toString('utf8'),
		receiveId: plain.subarray(20 + length).toString('utf8'),
	};
}

/** Frame, pad and encrypt a message (DingTalk wants its "success" reply encrypted this way). */
export function encryptMessage(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = pad(Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]));
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function pad(data: Buffer): Buffer {
	const n = BLOCK - (data.length % BLOCK);
	return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Remove PKCS#7 padding, checking every pad byte: a wrong key almost always fails here. */
function unpad(data: Buffer): Buffer {
	const n = data[data.length - 1];
	let bad = n < 1 || n > BLOCK || n > data.length ? 1 : 0;
	for (let i = data.length - Math.min(n, data.length); i < data.length; i++) bad |= data[i] === n ? 0 : 1;
	if (bad) throw new CallbackRejection(400, 'the decrypted message has invalid padding (is the EncodingAESKey right?)');
	return data.subarray(0, data.length - n);
}
