import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CasdoorClient } from '../../../lib/casdoor/client';
import type { HttpRequester } from '../../../lib/transport/transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** n8n's own HTTP helper, so the user's proxy and TLS settings apply to every call. */
function httpOf(ctx: Context): HttpRequester {
	return async (options) => await ctx.helpers.httpRequest(options);
}

export async function getCasdoorClient(ctx: Context): Promise<CasdoorClient> {
	const credentials = await ctx.getCredentials('casdoorApi');
	const endpoint = String(credentials.endpoint ?? '').trim();
	if (!/^https?:\/\/[^/]/i.test(endpoint)) {
		throw new NodeOperationError(ctx.getNode(), 'The Casdoor credential has no valid Endpoint URL', {
			description: 'Set Endpoint URL to the root address of the Casdoor server, such as https://door.example.com.',
		});
	}
	return new CasdoorClient(httpOf(ctx), {
		endpoint,
		clientId: String(credentials.clientId ?? '').trim(),
		clientSecret: String(credentials.clientSecret ?? '').trim(),
		organization: String(credentials.organization ?? '').trim(),
		timeoutMs: Number(credentials.timeoutSeconds) > 0 ? Number(credentials.timeoutSeconds) * 1000 : undefined,
	});
}
