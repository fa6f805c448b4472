import type { IDataObject, INodeExecutionData, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { DINGTALK_CONTACT_EVENTS, dingTalkEventIdentity, dingTalkEventItems, eventTypeOf } from '../../lib/dingtalk/contactEvent';
import type { StreamSocket } from '../../lib/dingtalk/streamClient';
import { DingTalkStreamClient } from '../../lib/dingtalk/streamClient';
import type { AckStatus, StreamFrame } from '../../lib/dingtalk/streamProtocol';
import { openRequestBody, parseOpenAnswer, STREAM_OPEN_PATH, streamEvent } from '../../lib/dingtalk/streamProtocol';
import { redact, registerSecret } from '../../lib/transport/redact';
import { replayKey, seenBefore } from '../../lib/transport/replayGuard';
import type { SeenStore } from '../../lib/transport/replayGuard';
import { profilesKeptOf } from '../shared/callbackOptions';
import { dingTalkPollClient } from '../shared/pollClients';
import { DINGTALK_PROFILE_FIELDS } from '../shared/profileFields';
import { withUserProfiles } from './profiles';

/** The global WebSocket of Node.js 22+ (undici's). Declared here: the compile target's libs do not include the DOM. */
declare const WebSocket: (new (url: string) => StreamSocket) | undefined;

export const NO_WEBSOCKET_MESSAGE =
	'DingTalk Stream mode needs the WebSocket client built into Node.js 22 or later, and this n8n runs on an older Node.js without it. Upgrade to n8n 2.10 or later (it requires Node.js 22.16 or later), or start Node.js 20/21 with --experimental-websocket — or set Connection to "HTTP Callback", which needs a public URL that DingTalk can call.';

/** Remembered event IDs kept in the node's static data (about 45 bytes each). */
const SEEN_MAX = 5000;

export interface StreamOptions {
	dedupeWindowMinutes?: number;
	idleSeconds?: number;
	fetchProfiles?: boolean;
	profilesKept?: number;
}

export async function startStream(this: ITriggerFunctions): Promise<ITriggerResponse> {
	if (typeof WebSocket !== 'function') throw new NodeOperationError(this.getNode(), NO_WEBSOCKET_MESSAGE);
	const Socket = WebSocket;
	const credentials = await this.getCredentials('dingTalkApi');
	const appKey = String(credentials.appKey ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '').trim();
	registerSecret(appSecret);
	if (!appKey || !appSecret) throw new NodeOperationError(this.getNode(), 'The DingTalk API credential needs an App Key and an App Secret for Stream mode');
	const base = String(credentials.newApiBaseUrl || 'https://api.dingtalk.com').replace(/\/+$/, '');
	const options = this.getNodeParameter('streamOptions', {}) as StreamOptions;
	const windowMinutes = Number(options.dedupeWindowMinutes ?? 10);
	const windowMs = Number.isFinite(windowMinutes) && windowMinutes > 0 ? windowMinutes * 60_000 : 0;
	const idleSeconds = Number(options.idleSeconds ?? 60);
	const wanted = this.getNodeParameter('events', []) as string[];
	const listenTo: string[] = wanted.length ? wanted : [...DINGTALK_CONTACT_EVENTS];
	const manual = this.getMode() === 'manual';
	const node = this.getNode();
	const staticData = this.getWorkflowStaticData('node');
	if (!staticData.seenEvents || typeof staticData.seenEvents !== 'object') staticData.seenEvents = {};
	const seen = staticData.seenEvents as SeenStore;
	let manualDone = false;

	const profiles = {
		staticData,
		profilesKept: profilesKeptOf(options),
		client: options.fetchProfiles === true ? async () => await dingTalkPollClient(this) : undefined,
		fields: DINGTALK_PROFILE_FIELDS,
	};

	const onEvent = async (frame: StreamFrame): Promise<AckStatus> => {
		if (manualDone) return 'LATER'; // a test run took its event; leave the rest to be delivered again
		const event = streamEvent(frame);
		const eventType = eventTypeOf(event);
		if (!eventType || !listenTo.includes(eventType)) return 'SUCCESS';
		const items = dingTalkEventItems(event);
		if (!items.length) return 'SUCCESS';
		const key = replayKey(dingTalkEventIdentity(event));
		if (windowMs > 0 && seenBefore(seen, key, Date.now(), windowMs, SEEN_MAX)) {
			this.logger.debug(`${node.name}: ignored a redelivered ${eventType} event`);
			return 'SUCCESS';
		}
		// A test run takes one event: claimed before the profile read, so a second event cannot slip in meanwhile.
		if (manual) manualDone = true;
		let handed = false;
		try {
			const json = await withUserProfiles(eventType, items as IDataObject[], profiles);
			this.emit([json.map((item): INodeExecutionData => ({ json: item }))]);
			handed = true;
		} finally {
			// Not handed to n8n: forget it, so that the delivery DingTalk makes again is not a "duplicate".
			if (!handed) {
				delete seen[key];
				if (manual) manualDone = false;
			}
		}
		return 'SUCCESS';
	};

	const client = new DingTalkStreamClient({
		open: async () => {
			const response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${base}${STREAM_OPEN_PATH}`,
				headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
				body: openRequestBody(appKey, appSecret),
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 30_000,
			})) as { statusCode: number; body: unknown };
			return parseOpenAnswer(response.statusCode, response.body);
		},
		createSocket: (url) => new Socket(url),
		sleep: async (ms) => await sleep(ms),
		now: () => Date.now(),
		random: () => Math.random(),
		onEvent,
		onFatal: (error) => this.emitError(new NodeOperationError(node, redact(error.message))),
		log: {
			debug: (m) => this.logger.debug(`${node.name}: ${redact(m)}`),
			info: (m) => this.logger.info(`${node.name}: ${redact(m)}`),
			warn: (m) => this.logger.warn(`${node.name}: ${redact(m)}`),
		},
		idleMs: Number.isFinite(idleSeconds) && idleSeconds > 0 ? idleSeconds * 1000 : 60_000,
	});
	try {
		await client.start();
	} catch (error) {
		throw new NodeOperationError(node, redact(error instanceof Error ? error.message : String(error)));
	}
	return {
		closeFunction: async () => await client.close(),
	};
}
