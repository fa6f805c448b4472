import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { DingTalkClient } from '../../../lib/dingtalk/client';
import type { HttpRequester } from '../../../lib/transport/transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** n8n's own HTTP helper, so the user's proxy and TLS settings apply to every call. */
function httpOf(ctx: Context): HttpRequester {
	return async (options) => await ctx.helpers.httpRequest(options);
}

export async function getDingTalkClient(ctx: Context): Promise<DingTalkClient> {
	const credentials = await ctx.getCredentials('dingTalkApi');
	// "Custom" (0) reads the number field; an edition reads its documented limit.
	const plan = Number(credentials.qpsPlan);
	const qps = plan > 0 ? plan : Number(credentials.qps);
	return new DingTalkClient(httpOf(ctx), {
		appKey: String(credentials.appKey ?? '').trim(),
		appSecret: String(credentials.appSecret ?? '').trim(),
		qps: qps > 0 ? qps : undefined,
		baseUrl: String(credentials.baseUrl ?? ''),
		newApiBaseUrl: String(credentials.newApiBaseUrl ?? ''),
		timeoutMs: Number(credentials.timeoutSeconds) > 0 ? Number(credentials.timeoutSeconds) * 1000 : undefined,
	});
}
