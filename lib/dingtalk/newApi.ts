import { TokenCache } from '../transport/tokenCache';
import type { HttpRequester } from '../transport/transport';
import { Transport } from '../transport/transport';
import type { DingTalkClient } from './client';
import { DINGTALK_DEFAULT_NEW_API_BASE_URL, DINGTALK_DEFAULTS, fetchAccessToken, QPS_WINDOW_MS } from './client';
import { dingTalkProfile } from './profile';

/**
 * DingTalk's new-style API family (api.dingtalk.com/v1.0, docs/dingtalk-hrm-reference.md §1): the
 * token goes in the `x-acs-dingtalk-access-token` header, errors come as HTTP 4xx/5xx with
 * {code, message}. The app token is one token for both families — DingTalk's calling guide
 * fetches it once and calls oapi with it — so this transport shares the oapi client's token
 * cache entry, concurrency pool and stats: one gettoken per token lifetime for both, one
 * in-flight budget per credential.
 */

/** The header the new APIs read the token from (they reject `?access_token`). */
export const NEW_API_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

const transports = new WeakMap<DingTalkClient, Transport>();

/**
 * The new-API transport of a client (one per client, made on first use). `http` is n8n's
 * request helper of the same run, so the user's proxy and TLS settings apply here too.
 */
export function newApiTransport(client: DingTalkClient, http: HttpRequester): Transport {
	let transport = transports.get(client);
	if (transport) return transport;
	const { credentials } = client;
	const baseUrl = (credentials.newApiBaseUrl || DINGTALK_DEFAULT_NEW_API_BASE_URL).replace(/\/+$/, '');
	const qps = Math.max(1, Math.floor(credentials.qps || DINGTALK_DEFAULTS.qps));
	transport = new Transport({
		profile: dingTalkProfile,
		http,
		baseUrl,
		// The oapi client's key: the same cache entry, so both families use (and refresh) one token.
		credentialKey: TokenCache.keyFor(credentials.baseUrl ?? '', credentials.appKey, credentials.appSecret),
		concurrency: client.transport.concurrency,
		rateLimit: { limit: qps, windowMs: QPS_WINDOW_MS, spread: true, providerWindowMs: 1000 },
		maxAttempts: 4,
		timeoutMs: credentials.timeoutMs || DINGTALK_DEFAULTS.timeoutMs,
		followRedirects: false,
		stats: client.transport.stats,
		// Fetched through the oapi transport (gettoken lives on oapi); single-flight per key.
		fetchToken: async () => await fetchAccessToken(client.transport, credentials),
		applyToken: (request, token) => {
			request.headers = { ...(request.headers ?? {}), [NEW_API_TOKEN_HEADER]: token };
		},
	});
	transports.set(client, transport);
	return transport;
}
