/**
 * Remembers which callback events were already accepted, so a retried or duplicated
 * delivery starts no second run. A store is a plain object (key → expiry in epoch ms) so
 * the same code works on n8n's workflow static data, which n8n saves to its database after
 * each webhook request, and on a process-local object.
 */
import { createHash } from 'node:crypto';

export type SeenStore = Record<string, number>;

/**
 * A fixed-size key: stores hold no user IDs (static data is saved in the workflow row), and
 * the "k" prefix keeps keys from looking like array indexes, so object key order stays
 * insertion order and the oldest entries are evicted first.
 */
export function replayKey(parts: Array<string | number | undefined>): string {
	const digest = createHash('sha256')
		.update(parts.map((p) => String(p ?? '')).join('\u0000'))
		.digest('hex');
	return `k${digest.slice(0, 32)}`;
}

/**
 * True when `key` was remembered less than `windowMs` ago; otherwise remembers it and
 * returns false. Expired entries are dropped on every call and the store never holds more
 * than `maxEntries` keys (the oldest go first), so it stays small however busy the hook is.
 */
export function seenBefore(store: SeenStore, key: string, nowMs: number, windowMs: number, maxEntries: number): boolean {
	for (const [k, expires] of Object.entries(store)) {
		if (typeof expires !== 'number' || expires <= nowMs) delete store[k];
	}
	if (key in store) return true;
	store[key] = nowMs + windowMs;
	const keys = Object.keys(store);
	for (let i = 0; i < keys.length - maxEntries; i++) delete store[keys[i]];
	return false;
}

const processStores = new Map<string, SeenStore>();

/**
 * The store of this n8n process for one trigger node. It catches duplicates that arrive at
 * the same time (each request loads its own copy of the static data, so neither copy has
 * seen the other); it is lost on restart and not shared with other processes.
 */
export function processStore(scope: string): SeenStore {
	let store = processStores.get(scope);
	if (!store) {
		store = {};
		processStores.set(scope, store);
	}
	return store;
}
