/**
 * Secret redaction. Every string that leaves the transport (error messages, descriptions,
 * request paths kept for diagnostics) goes through `redact`, so a secret or access token
 * can never reach an item, an error or a log.
 */

const registered = new Set<string>();

/** Query and body keys whose values are always secret, whatever their value. */
const SECRET_KEYS = [
	'access_token',
	'accessToken',
	'corpsecret',
	'appsecret',
	'appSecret',
	'client_secret',
	'clientSecret',
	'secret',
	'password',
	'token',
	'EncodingAESKey',
	'aes_key',
];

// key=value in URLs and form bodies, "key":"value" in JSON; never prose such as "gettoken: connection refused".
const queryPattern = new RegExp(`(?<![A-Za-z0-9_])((?:${SECRET_KEYS.join('|')})=)([^&\\s"']+)`, 'gi');
const jsonPattern = new RegExp(`("(?:${SECRET_KEYS.join('|')})"\\s*:\\s*")([^"]*)(")`, 'gi');

/** Remember a secret so that `redact` removes it wherever it appears. Short values are ignored: masking "1" everywhere would garble messages. */
export function registerSecret(value: unknown): void {
	if (typeof value === 'string' && value.length >= 6) registered.add(value);
}

export function redact(text: string): string {
	let out = text.replace(queryPattern, '$1***').replace(jsonPattern, '$1***$3');
	for (const secret of registered) {
		if (out.includes(secret)) out = out.split(secret).join('***');
	}
	return out;
}

/** Deep-redact a JSON-like value (used on error details before they are attached to items). */
export function redactValue<T>(value: T): T {
	if (typeof value === 'string') return redact(value) as unknown as T;
	if (Array.isArray(value)) return value.map((v) => redactValue(v)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out[k] = SECRET_KEYS.some((s) => s.toLowerCase() === k.toLowerCase()) ? '***' : redactValue(v);
		}
		return out as T;
	}
	return value;
}
