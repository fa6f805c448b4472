/**
 * Which tokens have worked, per credential, and how far one call may chase a replaced token:
 * the Transport tells a wrong credential (a token refused the first time it is used) from an
 * expired or revoked one (refused after calls succeeded with it).
 */

/**
 * How many times one call may get a fresh token. A token the provider rejects although
 * calls have succeeded with it was expired or revoked (a 2-hour lifetime, another instance,
 * an admin action): refreshing again is right, however late in the call's retries it
 * happens. A token rejected the first time it is used means the credential itself is
 * wrong: one refresh, then stop.
 */
export const MAX_TOKEN_REFRESHES_PER_CALL = 5;

/**
 * How many times one call may be retried because its token was replaced while it was in
 * flight (another call met the revocation first and refreshed). Such a retry costs no
 * refresh; each one needs a new revocation during the call's own flight, so this is only a
 * guard against looping, far above what churn every few dozen calls produces.
 */
export const MAX_STALE_TOKEN_RETRIES_PER_CALL = 10;

/** Tokens some call has succeeded with, per credential (the last few only). */
const provenTokens = new Map<string, string[]>();

export function markProven(credentialKey: string, token: string): void {
	const list = provenTokens.get(credentialKey) ?? [];
	if (list.includes(token)) return;
	list.push(token);
	if (list.length > 8) list.shift();
	provenTokens.set(credentialKey, list);
}

export function isProven(credentialKey: string, token: string | undefined): boolean {
	return token !== undefined && (provenTokens.get(credentialKey) ?? []).includes(token);
}
