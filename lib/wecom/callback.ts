/**
 * WeCom callback requests (docs/api-notes.md, WeCom §6): the GET that verifies the URL and the POSTs
 * that carry encrypted events. Each check refuses with a CallbackRejection; what passes is
 * authentic (signed with our Token), fresh, and addressed to our corp.
 */
import { aesKeyOf, decryptMessage, signatureMatches } from '../callback/callbackCrypto';
import { CallbackRejection } from '../callback/callbackRejection';
import { assertBodySize, assertFreshTimestamp, queryParam, restorePlus } from '../callback/callbackRequest';
import type { XmlElement, XmlObject } from './callbackXml';
import { parseXml, toObject, XmlError } from './callbackXml';

export interface WeComCallbackConfig {
	token: string;
	encodingAESKey: string;
	corpId: string;
	toleranceSeconds: number;
}

/** GET: the URL check WeCom makes when the callback URL is saved. Returns the plaintext to echo. */
export function verifyUrl(config: WeComCallbackConfig, query: Record<string, unknown>, nowMs: number): string {
	// WeCom says to URL-decode echostr first; the query parser did, but may have turned "+" into " ".
	const echostr = restorePlus(queryParam(query, 'echostr'));
	authenticate(config, query, echostr, nowMs);
	const { message, receiveId } = decryptMessage(aesKeyOf(config.encodingAESKey), echostr);
	assertReceiveId(receiveId, config.corpId);
	return message;
}

/** POST: one event. Returns the decrypted event's fields (the children of its `<xml>` root). */
export function openEvent(config: WeComCallbackConfig, query: Record<string, unknown>, body: Buffer, nowMs: number): XmlObject {
	assertBodySize(body);
	const envelope = parseOr400(body.toString('utf8'));
	const encrypted = leaf(envelope, 'Encrypt');
	if (!encrypted) throw new CallbackRejection(400, 'the body has no <Encrypt> element');
	authenticate(config, query, encrypted, nowMs);
	const { message, receiveId } = decryptMessage(aesKeyOf(config.encodingAESKey), encrypted);
	assertReceiveId(receiveId, config.corpId);
	return toObject(parseOr400(message));
}

function authenticate(config: WeComCallbackConfig, query: Record<string, unknown>, encrypted: string, nowMs: number): void {
	const signature = queryParam(query, 'msg_signature');
	const timestamp = queryParam(query, 'timestamp');
	const nonce = queryParam(query, 'nonce');
	if (!signatureMatches(signature, config.token, timestamp, nonce, encrypted)) {
		throw new CallbackRejection(403, 'the signature does not match (is the Token right?)');
	}
	assertFreshTimestamp(timestamp, nowMs, config.toleranceSeconds);
}

/** The receive ID is the corp the message was encrypted for; another corp's events are not ours. */
function assertReceiveId(receiveId: string, corpId: string): void {
	if (receiveId !== corpId) throw new CallbackRejection(403, 'the message is for another corp (receive ID differs from the Corp ID)');
}

function parseOr400(xml: string): XmlElement {
	let root: XmlElement | undefined;
	let problem = '';
	try {
		root = parseXml(xml);
	} catch (error) {
		if (!(error instanceof XmlError)) problem = 'Malformed XML';
		else problem = error.message;
	}
	if (!root) throw new CallbackRejection(400, problem);
	if (root.name !== 'xml' || !root.children.length) throw new CallbackRejection(400, 'the XML root is not a non-empty <xml> element');
	return root;
}

function leaf(root: XmlElement, name: string): string | undefined {
	const matches = root.children.filter((c) => c.name === name);
	if (matches.length !== 1 || matches[0].children.length) return undefined;
	return matches[0].text;
}
