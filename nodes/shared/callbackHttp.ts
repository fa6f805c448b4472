import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CallbackRejection } from '../../lib/callback/callbackRejection';
import { redact } from '../../lib/transport/redact';

/**
 * The HTTP side of the signed-callback triggers. The triggers answer every request
 * themselves and return `noWebhookResponse`, because n8n's automatic answers do not fit:
 * WeCom wants the bare echo plaintext or an empty 200, DingTalk an encrypted JSON reply,
 * and refused requests a 400/403 — never n8n's `{"message":"Workflow was started"}`.
 *
 * Only the parts of the request/response objects that both Express (in n8n) and plain
 * node:http have are used.
 */
interface RawRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

interface RawResponse {
	headersSent?: boolean;
	statusCode: number;
	setHeader(name: string, value: string | number): unknown;
	end(body?: string | Buffer): unknown;
}

/**
 * The body exactly as it arrived. n8n reads it into `rawBody` before calling a version-1
 * node (and also parses it into `body`, which is no use here: the signature covers the
 * original text, and n8n's XML parser lower-cases tag names). For later node versions n8n
 * leaves unparseable content types unread, hence `readRawBody`.
 */
export async function rawBodyOf(ctx: IWebhookFunctions): Promise<Buffer> {
	const req = ctx.getRequestObject() as unknown as RawRequest;
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
}

export function respond(ctx: IWebhookFunctions, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
	const res = ctx.getResponseObject() as unknown as RawResponse;
	if (res.headersSent) return;
	const payload = Buffer.from(body, 'utf8');
	res.statusCode = status;
	if (payload.length) res.setHeader('Content-Type', contentType);
	res.setHeader('Content-Length', payload.length);
	res.end(payload);
}

/** Refuse the request: answer with the rejection's status, log why, start no run. */
export function refuse(ctx: IWebhookFunctions, rejection: CallbackRejection): IWebhookResponseData {
	ctx.logger.warn(`${ctx.getNode().name}: refused a callback (${rejection.status}): ${redact(rejection.message)}`);
	respond(ctx, rejection.status, rejection.message);
	return { noWebhookResponse: true };
}

/**
 * Run a callback check. A CallbackRejection becomes the answer; anything else is a bug or
 * a misconfiguration and fails the webhook call as a node error (n8n answers 500 and
 * records a failed execution, so the cause is visible).
 */
export function check<T>(ctx: IWebhookFunctions, fn: () => T): { ok: true; value: T } | { ok: false; rejection: CallbackRejection } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		if (error instanceof CallbackRejection) return { ok: false, rejection: error };
		throw new NodeOperationError(ctx.getNode(), redact(error instanceof Error ? error.message : String(error)));
	}
}
