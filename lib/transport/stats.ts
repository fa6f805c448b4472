/** Counters a run accumulates; the bench and the chaos suite read them, nodes may surface them. */
export interface TransportStats {
	calls: number;
	retries: number;
	/** Calls retried with a fresh token: after refreshing it, or after another call had already replaced it. */
	tokenRefreshes: number;
	rateLimited: number;
	byPath: Record<string, number>;
}

export function newStats(): TransportStats {
	return { calls: 0, retries: 0, tokenRefreshes: 0, rateLimited: 0, byPath: {} };
}
