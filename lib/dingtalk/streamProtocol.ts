/**
 * DingTalk Stream mode (docs/api-notes.md, DingTalk Stream): the gateway call that opens a connection, the
 * frames, the answers, and how a failure is classified. Pure functions: the connection loop
 * is in streamClient.ts, the n8n side in nodes/DingTalkTrigger.
 */

export const STREAM_OPEN_PATH = '/v1.0/gateway/connections/open';

/** What this client says it is in the gateway call (`ua`). */
export const STREAM_UA = 'n8n-nodes-wecom-dingtalk/stream';

/** DingTalk's "message service paused for overuse" (standard edition: 3,000 pushes a month). */
export const STREAM_PAUSED_CODE = '20001';

export interface StreamEndpoint {
	endpoint: string;
	ticket: string;
}

export interface StreamFrame {
	specVersion?: string;
	type: 'SYSTEM' | 'EVENT' | 'CALLBACK' | string;
	headers: Record<string, unknown> & { topic?: string; messageId?: string };
	data?: string;
}

export type AckStatus = 'SUCCESS' | 'LATER';

/**
 * A failure that reconnecting cannot fix: the credential is refused, or DingTalk paused the
 * app's message service. The loop stops and the trigger reports it.
 */
export class StreamFatalError extends Error {
	readonly code?: string;
	constructor(message: string, code?: string) {
		super(message);
		this.name = 'StreamFatalError';
		this.code = code;
	}
}

export function openRequestBody(clientId: string, clientSecret: string): Record<string, unknown> {
	return { clientId, clientSecret, ua: STREAM_UA, subscriptions: [{ type: 'EVENT', topic: '*' }] };
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function asObject(body: unknown): Record<string, unknown> | undefined {
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

const PAUSED_MESSAGE =
	'DingTalk paused the Stream message service of this app for overuse (error 20001). The standard edition allows 3,000 event pushes a month; the service resumes next month or after an upgrade. Until then, use the Directory Changes trigger (polling): contacts API calls do not count against that quota.';

/** A reply that carries the paused-for-overuse code, whatever the HTTP status or field name. */
export function isPausedAnswer(body: unknown): boolean {
	const object = asObject(body);
	if (!object) return typeof body === 'string' && body.includes(STREAM_PAUSED_CODE);
	return [object.code, object.errcode, object.errorCode, object.status].some((v) => text(v) === STREAM_PAUSED_CODE);
}

/**
 * The gateway's answer → the endpoint, or an error: StreamFatalError when reconnecting
 * cannot help (credential refused, 20001), a plain Error otherwise (retried with backoff).
 */
export function parseOpenAnswer(status: number, body: unknown): StreamEndpoint {
	if (isPausedAnswer(body)) throw new StreamFatalError(PAUSED_MESSAGE, STREAM_PAUSED_CODE);
	const object = asObject(body);
	const message = text(object?.message) ?? text(object?.errmsg) ?? (typeof body === 'string' ? body.slice(0, 200) : undefined);
	const code = text(object?.code) ?? text(object?.errcode);
	if (status === 400 || status === 401 || status === 403) {
		throw new StreamFatalError(
			`DingTalk refused to open a Stream connection (HTTP ${status}${code ? `, ${code}` : ''}${message ? `: ${message}` : ''}). Check the App Key and App Secret of the DingTalk API credential, and that the app's event subscription is set to Stream mode in the developer console.`,
			code,
		);
	}
	if (status < 200 || status >= 300) throw new Error(`The DingTalk Stream gateway answered HTTP ${status}${message ? `: ${message}` : ''}`);
	const endpoint = text(object?.endpoint);
	const ticket = text(object?.ticket);
	if (!endpoint || !ticket) throw new Error('The DingTalk Stream gateway answered without an endpoint or a ticket');
	return { endpoint, ticket };
}

export function connectUrl({ endpoint, ticket }: StreamEndpoint): string {
	return `${endpoint}${endpoint.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
}

/** A frame from the socket, or undefined when it is not one. */
export function parseFrame(raw: unknown): StreamFrame | undefined {
	const object = asObject(raw);
	if (!object || typeof object.type !== 'string') return undefined;
	const headers = asObject(object.headers) ?? {};
	return { ...object, type: object.type, headers, data: typeof object.data === 'string' ? object.data : undefined } as StreamFrame;
}

/** The answer to a SYSTEM ping: its own headers and data back, with code 200. */
export function pingReply(frame: StreamFrame): string {
	return JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data });
}

/** The answer to an EVENT (or CALLBACK): SUCCESS, or LATER to have it delivered again. */
export function ackReply(messageId: string, status: AckStatus): string {
	return JSON.stringify({
		code: 200,
		headers: { contentType: 'application/json', messageId },
		message: 'OK',
		data: JSON.stringify({ status }),
	});
}

/**
 * An EVENT frame as the event object the HTTP callback delivers (EventType, CorpId,
 * TimeStamp, UserId/DeptId …), so both connections produce the same items. The frame's own
 * headers stay available under `stream`.
 */
export function streamEvent(frame: StreamFrame): Record<string, unknown> {
	const data = asObject(frame.data) ?? {};
	const h = frame.headers;
	const event: Record<string, unknown> = { ...data };
	event.EventType = text(data.EventType) ?? text(data.eventType) ?? text(h.eventType) ?? text(h.topic);
	const corpId = text(data.CorpId) ?? text(data.corpId) ?? text(h.eventCorpId);
	if (corpId) event.CorpId = corpId;
	const timeStamp = data.TimeStamp ?? data.timeStamp ?? h.eventBornTime;
	if (timeStamp !== undefined) event.TimeStamp = timeStamp;
	const eventId = text(h.eventId) ?? text(data.eventId) ?? text(data.EventId);
	if (eventId) event.EventId = eventId;
	event.stream = {
		messageId: text(h.messageId),
		eventId,
		eventType: text(h.eventType),
		eventBornTime: h.eventBornTime,
		eventCorpId: text(h.eventCorpId),
		eventUnifiedAppId: text(h.eventUnifiedAppId),
		topic: text(h.topic),
	};
	return event;
}

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a failure): 1 s doubling
 * up to 60 s, each drawn between half and all of that ("equal jitter"), so a fleet of
 * triggers cut off at once does not come back in step.
 */
export function backoffDelay(attempt: number, random: number, baseMs = 1000, maxMs = 60_000): number {
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
	return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random)));
}
