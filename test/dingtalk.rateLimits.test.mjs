// DingTalk node and DingTalk's QPS limit (20 calls per second per app per API on the
// standard edition): staying under it, and recovering when refused — through n8n's engine.
// Each test starts its own emulator: the ban breaker and the limiters are keyed by base URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { calls, dingTalk, dingTalkCredentials, rateLimited } from './helpers/dingtalk.mjs';

const walkAll = { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' };

async function withEmulator(options, fn) {
	const emu = await startDingTalkEmulator(options);
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

test('the QPS budget keeps a walk under DingTalk\'s 20 calls per second per API: no 90018 at all', async () => {
	const org = generateOrg({ users: 600, departments: 24, seed: 5 });
	await withEmulator({ org, qps: 20 }, async (emu) => {
		const r = await runWorkflow({ nodes: [dingTalk(walkAll)], credentials: { dingTalkApi: { appKey: emu.appKey, appSecret: emu.appSecret, qpsPlan: 20, baseUrl: emu.url } } });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, org.users.length);
		assert.equal(rateLimited(emu).length, 0);
		assert.ok(calls(emu, 'v2/department/listsub').length > 20, 'enough calls to have exceeded 20/s without the limiter');
	});
});

test('a burst of QPS refusals (88 / "90018") mid-walk is recovered: each call waits at least a second, then finishes', async () => {
	const org = generateOrg({ users: 300, departments: 12, seed: 6 });
	await withEmulator({ org, qps: 500 }, async (emu) => {
		emu.injectFaults({ kind: '90018', count: 6, paths: ['v2/user/list'] });
		const r = await runWorkflow({ nodes: [dingTalk(walkAll)], credentials: dingTalkCredentials(emu) });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, org.users.length);
		const refused = rateLimited(emu);
		assert.equal(refused.length, 6);
		assert.ok(refused.every((e) => e.errcode === 88 && e.subCode === '90018'));
		for (const e of refused) {
			const retry = emu.log.find((x) => x.path === e.path && x.at >= e.at && x !== e && !x.fault && JSON.stringify(x.body) === JSON.stringify(e.body));
			assert.ok(retry, 'the refused page was asked again');
			assert.ok(retry.at - e.at >= 1000, `retried after ${retry.at - e.at} ms`);
		}
	});
});

test('DingTalk enforcing a lower QPS than the credential claims: refusals are waited out, every item succeeds', async () => {
	await withEmulator({ qps: 5 }, async (emu) => {
		const r = await runWorkflow({
			nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false })],
			credentials: dingTalkCredentials(emu, { qpsPlan: 60 }),
			input: Array.from({ length: 7 }, () => ({ json: {} })),
		});
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, 7);
		const refused = rateLimited(emu);
		assert.ok(refused.length >= 1);
		const next = emu.log.find((e) => e.at >= refused[0].at && e.errcode === 0 && e.path === refused[0].path);
		assert.ok(next.at - refused[0].at >= 1000, 'nothing succeeds on that API within the second DingTalk blocks it');
	});
});
