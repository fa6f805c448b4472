// The short chaos run in `npm test` (the full one is `npm run chaos`): Get All in Directory →
// Map to IAM User → Casdoor Sync Users (Apply) through n8n's engine, the directory emulator
// and the Casdoor emulator both failing at random, every run compared with the fault-free
// one. Every run is scanned for the credentials' canary secrets and every issued token.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FAULT_CLASSES, chaos } from './chaos.mjs';

// A small org, a higher fault rate, a token revoked every 8 calls and short timeouts, so that
// two seeds meet the kinds of trouble the full run meets over fifty, in a few seconds.
export const SHORT = { users: 100, departments: 12, rate: 0.15, casdoorRate: 0.1, tokenRevokeEvery: 8, timeoutSeconds: 0.3, casdoorTimeoutSeconds: 0.5, slowMs: 100 };
export const SHORT_SEEDS = [1, 3];

export function shortChaosTest(provider) {
	test(`chaos (${provider}): ${SHORT_SEEDS.length} seeded runs under faults equal the fault-free run — none fails, no user lost or duplicated, Casdoor state equal, every fault retried`, async () => {
		const { runs, totals } = await chaos(provider, SHORT_SEEDS, SHORT);
		for (const r of runs) {
			const context = `${provider} seed ${r.seed}: ${JSON.stringify(r)}`;
			assert.equal(r.status, 'success', context);
			assert.equal(r.equal, true, context);
			const faults = Object.entries(r.directoryFaults).filter(([kind]) => kind !== 'slow').reduce((n, [, v]) => n + v, 0);
			const directory = Object.entries(r.transport).find(([p]) => p !== 'Casdoor')?.[1] ?? { retries: 0, tokenRefreshes: 0 };
			assert.ok(directory.retries + directory.tokenRefreshes >= faults, `every directory fault was retried: ${context}`);
			const casdoorFaults = Object.values(r.casdoorFaults).reduce((n, v) => n + v, 0);
			assert.ok((r.transport.Casdoor?.retries ?? 0) >= casdoorFaults, `every Casdoor fault was retried: ${context}`);
		}
		assert.ok(totals.directoryFaults > 5 && totals.casdoorFaults > 0, JSON.stringify(totals.faultsByKind));
		assert.ok(totals.faultsByKind.revoke > 0, 'a token was revoked mid-run');
		const fired = FAULT_CLASSES[provider].filter((kind) => totals.faultsByKind[kind] > 0);
		assert.ok(fired.length >= 3, `several transient classes fired: ${fired}`);
		assert.equal(totals.baseline.members, SHORT.users);
		const s = totals.baseline.summary;
		assert.ok(s.created > 0 && s.updated > 0 && s.unforbidden > 0 && s.forbidden > 0, `the sync creates, updates, unforbids and forbids: ${JSON.stringify(s)}`);
	});
}
