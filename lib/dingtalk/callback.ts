/**
 * DingTalk HTTP event callbacks (docs/api-notes.md, DingTalk §6): a POST with `{"encrypt": "…"}` and the
 * signature, timestamp and nonce in the query. Every accepted request — events, the
 * `check_url` probe, events we ignore — must be answered with "success" encrypted the same
 * way, or DingTalk marks the delivery failed (71009) and retries.
 */
import { randomBytes } from 'node:crypto';

import { aesKeyOf, decryptMessage, encryptMessage, signatureMatches, signatureOf } from '../callback/callbackCrypto';
import { CallbackRejection } from '../callback/callbackRejection';
import { assertBodySize, assertFreshTimestamp, queryParam, queryParamOneOf } from '../callback/callbackRequest';

export interface DingTalkCallbackConfig {
	token: string;
	encodingAESKey: string;
	/** What DingTalk encrypts for: the app key (console subscriptions), the corp ID (legacy register API) or the suite key (ISV). */
	ownerKey: string;
	toleranceSeconds: number;
}

export type DingTalkEvent = Record<string, unknown>;

export interface DingTalkReply {
	msg_signature: string;
	timeStamp: string;
	nonce: string;
	encrypt: string;
}

export function openDingTalkEvent(config: DingTalkCallbackConfig, query: Record<string, unknown>, body: Buffer, nowMs: number): DingTalkEvent {
	assertBodySize(body);
	const envelope = parseJsonObject(body.toString('utf8'), 'the body');
	const encrypted = envelope.encrypt;
	if (typeof encrypted !== 'string' || encrypted === '') throw new CallbackRejection(400, 'the body has no "encrypt" string');

	// DingTalk's docs name the parameter `signature`; its Java sample reads `msg_signature`.
	const signature = queryParamOneOf(query, ['msg_signature', 'signature']);
	const timestamp = queryParam(query, 'timestamp');
	const nonce = queryParam(query, 'nonce');
	if (!signatureMatches(signature, config.token, timestamp, nonce, encrypted)) {
		throw new CallbackRejection(403, 'the signature does not match (is the Token right?)');
	}
	assertFreshTimestamp(timestamp, nowMs, config.toleranceSeconds);

	const { message, receiveId } = decryptMessage(aesKeyOf(config.encodingAESKey), encrypted);
	if (receiveId !== config.ownerKey) {
		throw new CallbackRejection(403, 'the message is for another app (receive ID differs from the App Key / Corp ID)');
	}
	return parseJsonObject(message, 'the decrypted event');
}

/** The reply DingTalk requires: "success", encrypted for our key and signed with our token. */
export function successReply(config: DingTalkCallbackConfig, nowMs: number): DingTalkReply {
	const timeStamp = String(nowMs);
	const nonce = randomBytes(8).toString('hex');
	const encrypt = encryptMessage(aesKeyOf(config.encodingAESKey), 'success', config.ownerKey);
	return { msg_signature: signatureOf(config.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		value = undefined;
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CallbackRejection(400, `${what} is not a JSON object`);
	return value as Record<string, unknown>;
}
