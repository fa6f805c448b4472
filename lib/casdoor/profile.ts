import { DirectoryApiError } from '../transport/errors';
import type { ErrorClass } from '../transport/errors';
import { redact } from '../transport/redact';
import type { ProviderProfile, RawResponse } from '../transport/transport';

const CREDENTIAL_HINT =
	'Casdoor did not accept the Client ID and Client Secret. A wrong pair sent as HTTP Basic is ignored by Casdoor, so the call ran anonymously. Copy both from the application\'s page in Casdoor (Applications → your app) into the credential.';

/**
 * Error messages that mean the whole run is misconfigured (docs/api-notes.md, Casdoor,
 * routers/base.go, object/user.go). Anything else Casdoor refuses is about one item.
 */
const CONFIG_MESSAGES: Array<[RegExp, string]> = [
	[/Unauthorized operation|Please login first/i, CREDENTIAL_HINT],
	[/Application not found for client ID|Incorrect client secret/i, CREDENTIAL_HINT],
	[/Access token/i, CREDENTIAL_HINT],
	[
		/organization.*(does not exist|is not found|not found)/i,
		'The organization does not exist in Casdoor. Check the Organization parameter or the credential\'s Default Organization (its name, not its display name).',
	],
	[
		/should have one application at least/i,
		'Casdoor adds users only to an organization that owns at least one application. Create an application in that organization first.',
	],
	[/built-in.*(disabled|privilege consent)/i, 'Users cannot be added to the built-in organization. Use your own organization.'],
];

function snippet(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}

const ENDPOINT_HINT =
	'Check the Endpoint URL in the credential: it is the Casdoor server root, such as https://door.example.com, without /api or a page path.';

function failure(path: string, errorClass: ErrorClass, errmsg: string, extra: { httpStatus?: number; hint?: string } = {}) {
	return new DirectoryApiError({ provider: 'Casdoor', errorClass, path, errmsg: redact(errmsg), ...extra });
}

/**
 * Reads Casdoor answers. Casdoor reports failures as HTTP 200 with
 * {status:"error", msg}, so the HTTP code alone says nothing; "Unaffected" is a success
 * that changed nothing, not an error.
 */
export const casdoorProfile: ProviderProfile = {
	provider: 'Casdoor',
	classify(response: RawResponse, path: string): DirectoryApiError | undefined {
		const { status, body } = response;
		if (status >= 500 || status === 429) {
			return failure(path, 'transient', `HTTP ${status} ${snippet(body)}`, { httpStatus: status });
		}
		if (status === 401 || status === 403) {
			return failure(path, 'config', `HTTP ${status} ${snippet(body)}`, { httpStatus: status, hint: CREDENTIAL_HINT });
		}
		if (status === 404) {
			return failure(path, 'config', `HTTP 404: no such API at this address`, { httpStatus: status, hint: ENDPOINT_HINT });
		}
		if (status >= 400) return failure(path, 'item', `HTTP ${status} ${snippet(body)}`, { httpStatus: status });
		if (!body || typeof body !== 'object' || !('status' in body)) {
			// Casdoor serves its web app for unknown paths: HTML here means the URL is wrong.
			return failure(path, 'config', `not a Casdoor API answer: ${snippet(body)}`, { httpStatus: status, hint: ENDPOINT_HINT });
		}
		const { status: outcome, msg } = body as { status?: unknown; msg?: unknown };
		if (outcome !== 'error') return undefined;
		const message = String(msg ?? '') || 'Casdoor answered status "error" without a message';
		const config = CONFIG_MESSAGES.find(([pattern]) => pattern.test(message));
		return failure(path, config ? 'config' : 'item', message, { hint: config?.[1] });
	},
};
