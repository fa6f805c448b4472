import { DirectoryApiError } from '../transport/errors';
import type { ErrorClass } from '../transport/errors';
import { redact } from '../transport/redact';
import { htmlSnippet } from '../transport/text';
import type { ProviderProfile, RawResponse } from '../transport/transport';
import type { ScimErrorBody } from './types';
import { ERROR_SCHEMA } from './types';

export const CREDENTIAL_HINT =
	'The SCIM server refused the credential. Check the token (or user and password) in the credential: SCIM tokens are usually created in the identity provider\'s admin console for one provisioning app, and many expire. The token also needs the right to manage users and groups.';

const BASE_URL_HINT =
	'Check the Base URL in the credential: it is the address /Users and /Groups are under, such as https://idp.example.com/scim/v2, without /Users.';

/** Read an RFC 7644 §3.12 error body; undefined when the body is not one. */
function scimError(body: unknown): ScimErrorBody | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const b = body as ScimErrorBody;
	if (Array.isArray(b.schemas) && b.schemas.includes(ERROR_SCHEMA)) return b;
	// Some servers leave out `schemas` but keep the RFC's fields.
	return typeof b.detail === 'string' || typeof b.scimType === 'string' ? b : undefined;
}

/** What scimType means for the user, where it says more than the detail (RFC 7644 table 9). */
const SCIM_TYPE_HINTS: Record<string, string> = {
	uniqueness: 'A user or group with this userName (or another unique value) already exists on the SCIM server.',
	invalidFilter: 'The filter is not valid SCIM filter syntax, e.g. userName eq "zhangsan" (RFC 7644 §3.4.2.2).',
	invalidValue: 'The server refused a value: a required attribute is missing or a value has the wrong type or format.',
	mutability: 'The request tried to change a read-only or immutable attribute.',
	tooMany: 'The filter matches more results than the server returns at once; narrow it down.',
};

function failure(path: string, errorClass: ErrorClass, status: number, errmsg: string, extra: { scimType?: string; hint?: string } = {}) {
	return new DirectoryApiError({
		provider: 'SCIM',
		errorClass,
		path,
		httpStatus: status,
		errcode: extra.scimType,
		errmsg: redact(errmsg),
		hint: extra.hint,
	});
}

/**
 * Reads SCIM answers by their HTTP status (RFC 7644 §3.12): 401/403 is the credential,
 * 404 a missing resource, 409 a uniqueness conflict ("exists"), 400 a bad input, 429 and 5xx
 * are retried. 501 and 405 are not retried: they mean the server lacks the method (PATCH),
 * which the client answers by falling back to PUT. A 404 or a page that is not a SCIM
 * answer at all means the Base URL is wrong, which fails the run once.
 */
export const scimProfile: ProviderProfile = {
	provider: 'SCIM',
	classify(response: RawResponse, path: string): DirectoryApiError | undefined {
		const { status, body } = response;
		const error = scimError(body);
		const detail = error?.detail ?? htmlSnippet(body);
		const scimType = error?.scimType;
		if (status >= 200 && status < 300) {
			if (typeof body === 'string' && /^\s*</.test(body)) {
				return failure(path, 'config', status, `not a SCIM answer: ${htmlSnippet(body)}`, { hint: BASE_URL_HINT });
			}
			return undefined;
		}
		if (status === 401 || status === 403) {
			return failure(path, 'config', status, detail || 'unauthorized', { scimType, hint: CREDENTIAL_HINT });
		}
		if (status === 501 || status === 405) {
			return failure(path, 'item', status, detail || 'method not supported by this server', { scimType });
		}
		if (status === 429 || status >= 500) return failure(path, 'transient', status, detail || `HTTP ${status}`, { scimType });
		if (status === 404 && !error) {
			return failure(path, 'config', status, `no SCIM API at this address (${htmlSnippet(body) || 'HTTP 404'})`, { hint: BASE_URL_HINT });
		}
		return failure(path, 'item', status, detail || `HTTP ${status}`, { scimType, hint: scimType ? SCIM_TYPE_HINTS[scimType] : undefined });
	},
};

/** True when the server refused a method it does not implement (PATCH): the caller may fall back to PUT. */
export function isMethodUnsupported(error: unknown): boolean {
	return error instanceof DirectoryApiError && error.provider === 'SCIM' && (error.httpStatus === 501 || error.httpStatus === 405);
}

export function isNotFound(error: unknown): boolean {
	return error instanceof DirectoryApiError && error.provider === 'SCIM' && error.httpStatus === 404 && error.errorClass === 'item';
}

/** A 409: the resource exists (RFC 7644 §3.3, scimType "uniqueness"). */
export function isConflict(error: unknown): boolean {
	return error instanceof DirectoryApiError && error.provider === 'SCIM' && error.httpStatus === 409;
}
