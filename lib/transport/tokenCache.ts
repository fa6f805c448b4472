import { createHash } from 'node:crypto';

export interface FetchedToken {
	token: string;
	/** Lifetime in seconds, as the provider reports it. */
	expiresIn: number;
}

interface Entry {
	token?: string;
	expiresAt: number;
	inflight?: Promise<string>;
}

/** Refresh this long before the provider's expiry, so a call never starts with a token about to die. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Access tokens cached per credential for as long as n8n runs. The key is the base
 * URL + app id + a hash of the secret, so two credentials with the same corp but different
 * secrets (contacts-sync vs self-built app) never share a token, and the secret itself is
 * never held as a key.
 */
export class TokenCache {
	private readonly entries = new Map<string, Entry>();
	fetches = 0;

	static keyFor(baseUrl: string, appId: string, secret: string): string {
		const digest = createHash('sha256').update(secret).digest('hex').slice(0, 24);
		return `${baseUrl.replace(/\/+$/, '')}|${appId}|${digest}`;
	}

	/** The cached token, or one fetched single-flight: concurrent callers share one fetch. */
	async get(key: string, fetch: () => Promise<FetchedToken>): Promise<string> {
		const entry = this.entries.get(key) ?? { expiresAt: 0 };
		this.entries.set(key, entry);
		if (entry.token && Date.now() < entry.expiresAt) return entry.token;
		if (!entry.inflight) {
			entry.inflight = (async () => {
				try {
					this.fetches++;
					const fetched = await fetch();
					const lifetimeMs = Math.max(0, fetched.expiresIn * 1000);
					entry.token = fetched.token;
					entry.expiresAt = Date.now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
					return fetched.token;
				} finally {
					entry.inflight = undefined;
				}
			})();
		}
		return await entry.inflight;
	}

	/**
	 * Drop a token the provider rejected. Only drops it if it is still the one that failed,
	 * so a hundred calls failing on the same stale token cause one refresh, not a hundred.
	 */
	invalidate(key: string, staleToken: string): void {
		const entry = this.entries.get(key);
		if (entry && entry.token === staleToken) {
			entry.token = undefined;
			entry.expiresAt = 0;
		}
	}

	/**
	 * Whether `token` is still this credential's cached token. False once another caller has
	 * dropped it or replaced it with a fresh one: a call rejected with such a token met a
	 * revocation that has already been handled, and only needs to retry with the current token.
	 */
	holds(key: string, token: string): boolean {
		return this.entries.get(key)?.token === token;
	}

	clear(): void {
		this.entries.clear();
	}
}

/** The one cache every provider client of this running n8n uses. */
export const tokenCache = new TokenCache();
