import type { IDataObject } from 'n8n-workflow';

import { ConfigurationError, InputValidationError } from '../transport/errors';
import { scalarText } from '../transport/inputText';
import { departmentIdList, listOf, optionalBoolean, requireBytes, tagIdList, userIdList } from './validate';

/**
 * Application messages (message/send, D90236): text, markdown and text card, to members,
 * departments or tags. docs/api-notes.md does not cover this API; the limits here
 * are D90236's: 1000 members, 100 departments, 100 tags; text and markdown ≤ 2048 bytes;
 * card title ≤ 128 bytes, description ≤ 512 bytes, URL ≤ 2048 bytes, button ≤ 4 characters;
 * duplicate check interval ≤ 4 hours.
 */

export interface MessageInput {
	toUsers?: unknown;
	toDepartments?: unknown;
	toTags?: unknown;
	type: unknown;
	content?: unknown;
	title?: unknown;
	description?: unknown;
	url?: unknown;
	buttonText?: unknown;
	confidential?: unknown;
	duplicateCheckSeconds?: unknown;
}

const AGENT_ID_HINT =
	'Application messages are sent by a self-built app: fill in its AgentId (Apps → your app → AgentId) in the WeCom credential, and use that app\'s Secret.';

/** The credential's Agent ID, checked before any call: without it no message can be sent, so the run stops once. */
export function requireAgentId(value: unknown): number {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw new ConfigurationError('Agent ID', 'is empty in the WeCom credential', AGENT_ID_HINT);
	if (!/^\d+$/.test(text)) throw new ConfigurationError('Agent ID', `"${text}" is not a number`, AGENT_ID_HINT);
	return Number(text);
}

function recipients(input: MessageInput): IDataObject {
	const users = listOf(input.toUsers, 'To Members');
	const all = users.length === 1 && users[0] === '@all';
	const touser = all ? ['@all'] : userIdList(users, 'To Members', 1000);
	const toparty = departmentIdList(input.toDepartments, 'To Departments', 100);
	const totag = tagIdList(input.toTags, 'To Tags', 100);
	if (!touser.length && !toparty.length && !totag.length) {
		throw new InputValidationError('To Members', 'give at least one member, department or tag (or @all)');
	}
	const out: IDataObject = {};
	if (touser.length) out.touser = touser.join('|');
	if (toparty.length) out.toparty = toparty.join('|');
	if (totag.length) out.totag = totag.join('|');
	return out;
}

function content(input: MessageInput): IDataObject {
	switch (input.type) {
		case 'text':
			return { msgtype: 'text', text: { content: requireBytes(input.content, 'Text', 2048, { multiline: true }) } };
		case 'markdown':
			return { msgtype: 'markdown', markdown: { content: requireBytes(input.content, 'Markdown', 2048, { multiline: true }) } };
		case 'textCard': {
			const url = requireBytes(input.url, 'URL', 2048);
			if (!/^https?:\/\/\S+$/i.test(url)) throw new InputValidationError('URL', 'must start with http:// or https://');
			const card: IDataObject = {
				title: requireBytes(input.title, 'Title', 128),
				description: requireBytes(input.description, 'Description', 512, { multiline: true }),
				url,
			};
			const button = scalarText(input.buttonText, 'Button Text');
			if (button !== undefined) {
				if ([...button].length > 4) throw new InputValidationError('Button Text', 'must be at most 4 characters');
				card.btntxt = button;
			}
			return { msgtype: 'textcard', textcard: card };
		}
		default:
			throw new InputValidationError('Message Type', 'must be Text, Markdown or Text Card');
	}
}

/** The message/send body: recipients, content and options, every rule checked before the call. */
export function messageBody(input: MessageInput, agentId: number): IDataObject {
	const body: IDataObject = { ...recipients(input), ...content(input), agentid: agentId };
	if (input.type === 'text' && optionalBoolean(input.confidential, 'Confidential')) body.safe = 1;
	const seconds = input.duplicateCheckSeconds;
	if (seconds !== undefined && seconds !== null && seconds !== '' && seconds !== 0) {
		const n = Number(seconds);
		if (!Number.isInteger(n) || n < 1 || n > 14400) {
			throw new InputValidationError('Skip Duplicates Within (Seconds)', 'must be a whole number from 1 to 14400 (4 hours)');
		}
		body.enable_duplicate_check = 1;
		body.duplicate_check_interval = n;
	}
	return body;
}
