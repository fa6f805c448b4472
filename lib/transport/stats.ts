/** Counters a run accumulates; the bench and the chaos suite read them, nodes may surface them. */
export interface TransportStats {
	calls: number;
	retries: number;
	tokenRefreshes: number;
	rateLimited: number;
	byPath: Record<string, number>;
}

export function newStats(): TransportStats {
	return { calls: 0, retries: 0, tokenRefreshes: 0, rateLimited: 0, byPath: {} };
}
