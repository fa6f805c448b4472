import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { WeComClient } from '../../../lib/wecom/client';
import type { HttpRequester } from '../../../lib/transport/transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** n8n's own HTTP helper, so the user's proxy and TLS settings apply to every call. */
function httpOf(ctx: Context): HttpRequester {
	return async (options) => await ctx.helpers.httpRequest(options);
}

export async function getWeComClient(ctx: Context): Promise<WeComClient> {
	const credentials = await ctx.getCredentials('weComApi');
	return new WeComClient(httpOf(ctx), {
		corpId: String(credentials.corpId ?? '').trim(),
		secret: String(credentials.secret ?? '').trim(),
		agentId: credentials.agentId as string | undefined,
		baseUrl: String(credentials.baseUrl ?? ''),
		maxConcurrency: Number(credentials.maxConcurrency) || undefined,
		callsPerMinute: Number(credentials.callsPerMinute) || undefined,
		timeoutMs: Number(credentials.timeoutSeconds) > 0 ? Number(credentials.timeoutSeconds) * 1000 : undefined,
	});
}
