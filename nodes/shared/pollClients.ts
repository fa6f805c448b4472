import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { DingTalkClient } from '../../lib/dingtalk/client';
import type { HttpRequester } from '../../lib/transport/transport';
import { WeComClient } from '../../lib/wecom/client';

/** What the triggers that read the directory (polling, webhook, Stream) have in common. */
export interface DirectoryClientContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** n8n's own HTTP helper, so the user's proxy and TLS settings apply to every call. */
function httpOf(ctx: DirectoryClientContext): HttpRequester {
	return async (options) => await ctx.helpers.httpRequest(options);
}

const timeoutOf = (seconds: unknown) => (Number(seconds) > 0 ? Number(seconds) * 1000 : undefined);

/** The clients the triggers read with, built from the same credentials as the WeCom and DingTalk nodes. */
export async function weComPollClient(ctx: DirectoryClientContext): Promise<WeComClient> {
	const c = await ctx.getCredentials('weComApi');
	return new WeComClient(httpOf(ctx), {
		corpId: String(c.corpId ?? '').trim(),
		secret: String(c.secret ?? '').trim(),
		agentId: c.agentId as string | undefined,
		baseUrl: String(c.baseUrl ?? ''),
		maxConcurrency: Number(c.maxConcurrency) || undefined,
		callsPerMinute: Number(c.callsPerMinute) || undefined,
		timeoutMs: timeoutOf(c.timeoutSeconds),
	});
}

export async function dingTalkPollClient(ctx: DirectoryClientContext): Promise<DingTalkClient> {
	const c = await ctx.getCredentials('dingTalkApi');
	const plan = Number(c.qpsPlan);
	const qps = plan > 0 ? plan : Number(c.qps);
	return new DingTalkClient(httpOf(ctx), {
		appKey: String(c.appKey ?? '').trim(),
		appSecret: String(c.appSecret ?? '').trim(),
		qps: qps > 0 ? qps : undefined,
		baseUrl: String(c.baseUrl ?? ''),
		newApiBaseUrl: String(c.newApiBaseUrl ?? ''),
		timeoutMs: timeoutOf(c.timeoutSeconds),
	});
}
