// Token churn (issue #15): Get All in Directory through n8n's engine while the emulator fails
// 5% of calls at random and revokes every token every 40 calls, 20 seeds per provider, each
// read equal to the fault-free one; and calls queued behind the pool and the rate limiter are
// sent with the refreshed token (stale-token answers counted from the emulator's request log,
// see tokenChurn.mjs). `npm run chaos` runs the same profile and reports it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { startDingTalkEmulator } from '../emulators/dingtalk.mjs';
import { generateOrg } from '../emulators/orgGenerator.mjs';
import { runWorkflow } from '../harness/n8n.mjs';
import { dingTalk, dingTalkCredentials } from '../helpers/dingtalk.mjs';
import { CHURN, CHURN_SEEDS, staleAnswers, tokenChurn } from './tokenChurn.mjs';

describe('token churn', { concurrency: true }, () => {
	for (const provider of ['wecom', 'dingtalk']) {
		test(`${provider}: ${CHURN_SEEDS.length} whole-directory reads under ${CHURN.rate * 100}% transient faults and tokens revoked every ${CHURN.tokenRevokeEvery} calls equal the fault-free read; no call is sent with a token older than the newest`, async () => {
			const { runs, totals } = await tokenChurn(provider);
			for (const r of runs) {
				const context = `${provider} seed ${r.seed}: ${JSON.stringify(r)}`;
				assert.equal(r.status, 'success', context);
				assert.equal(r.equal, true, context);
				// Only calls already on their way when a token was revoked may be rejected as stale.
				assert.equal(r.late, 0, `calls sent with a token older than the newest: ${context}`);
			}
			assert.equal(totals.members, CHURN.users);
			assert.ok(totals.revokes >= CHURN_SEEDS.length, `tokens were revoked in every run: ${JSON.stringify(totals)}`);
			assert.ok(totals.faults >= CHURN_SEEDS.length, `transient faults fired: ${JSON.stringify(totals)}`);
		});
	}

	test('dingtalk: calls queued behind the pool and the rate limiter are sent with the refreshed token — after a revocation only the calls already on their way are stale', async () => {
		// 20 QPS (calls 55 ms apart, 20 in the pool, the walk's two levels queuing for it) and a
		// revocation every 10 calls. With the token read when a call starts queuing, every call
		// waiting at the revocation went out stale (about 18 a revocation); read when it is sent,
		// at most the one or two on their way are.
		const org = generateOrg({ users: 150, departments: 30, seed: 5 });
		const emu = await startDingTalkEmulator({ org, qps: 20, tokenRevokeEvery: 10 });
		try {
			const r = await runWorkflow({
				nodes: [dingTalk({ resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'raw' })],
				credentials: dingTalkCredentials(emu),
			});
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(r.output('D').length, org.users.length);
			const s = staleAnswers(emu.log);
			assert.ok(s.revokes >= 4, JSON.stringify(s));
			assert.equal(s.late, 0, `no call went out with a token older than the newest: ${JSON.stringify(s)}`);
			// Only calls in the pool (20) can be on their way at a revocation; on a quiet machine it is one or two.
			assert.ok(s.stale <= 20 * s.revokes, `at most the calls on their way are stale: ${JSON.stringify(s)}`);
			assert.equal(emu.count('gettoken'), s.revokes + 1, 'one refresh a revocation');
		} finally {
			await emu.close();
		}
	});
});
