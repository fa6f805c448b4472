import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ScimClient } from '../../../lib/scim/client';
import type { ScimAuth } from '../../../lib/scim/types';
import type { HttpRequester } from '../../../lib/transport/transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** n8n's own HTTP helper, so the user's proxy and TLS settings apply to every call. */
function httpOf(ctx: Context): HttpRequester {
	return async (options) => await ctx.helpers.httpRequest(options);
}

export async function getScimClient(ctx: Context): Promise<ScimClient> {
	const credentials = await ctx.getCredentials('scimApi');
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
		throw new NodeOperationError(ctx.getNode(), 'The SCIM credential has no valid Base URL', {
			description: 'Set Base URL to the SCIM address of the identity provider, such as https://idp.example.com/scim/v2.',
		});
	}
	const auth: ScimAuth =
		credentials.authentication === 'basicAuth'
			? { type: 'basicAuth', user: String(credentials.user ?? ''), password: String(credentials.password ?? '') }
			: { type: 'bearerToken', token: String(credentials.token ?? '').trim() };
	return new ScimClient(httpOf(ctx), { baseUrl, auth });
}
