// DingTalk node under trouble: tokens expiring mid-walk, transient faults, an IP ban, and
// redaction of whatever fails — run through n8n's engine against the emulator.
// Each test starts its own emulator: the ban breaker and the limiters are keyed by base URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, calls, dingTalk, dingTalkCredentials, everythingVisible } from './helpers/dingtalk.mjs';

const walkAll = { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' };

async function withEmulator(options, fn) {
	const emu = await startDingTalkEmulator(options);
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

test('a token that expires mid-walk (88 / "40014") is refreshed once and the walk completes', async () => {
	const org = generateOrg({ users: 400, departments: 10, seed: 8 });
	await withEmulator({ org, qps: 500 }, async (emu) => {
		emu.injectFaults({ kind: 'expire', count: 1, paths: ['v2/user/list'], rate: 0.3, seed: 3 });
		const r = await runWorkflow({ nodes: [dingTalk(walkAll)], credentials: dingTalkCredentials(emu) });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, org.users.length);
		const expired = emu.log.filter((e) => e.fault === 'expire');
		assert.equal(expired.length, 1);
		assert.equal(expired[0].subCode, '40014');
		assert.equal(emu.count('gettoken'), 2, 'one refresh for the whole walk');
		assertNoSecrets(r, emu);
	});
});

test('a token refused twice in a row stops the run once, with a clear error', async () => {
	await withEmulator({ qps: 500 }, async (emu) => {
		emu.injectFaults({ kind: 'expire', paths: ['v2/user/get'] });
		const r = await runWorkflow({
			nodes: [dingTalk({ resource: 'user', operation: 'get', userId: emu.org.users[0].userid, output: 'raw' }, { onError: 'continueRegularOutput' })],
			credentials: dingTalkCredentials(emu),
			input: [{ json: {} }, { json: {} }, { json: {} }],
		});
		assert.equal(r.status, 'error', 'a token problem is not per item');
		assert.match(r.error.message, /40014/);
		assert.equal(calls(emu, 'v2/user/get').length, 2, 'one retry, then stop: not once per item');
		assertNoSecrets(r, emu);
	});
});

test('-1, HTTP 502 pages and connection resets are retried (at most 3 times); the run succeeds', async () => {
	const org = generateOrg({ users: 200, departments: 8, seed: 9 });
	await withEmulator({ org, qps: 500 }, async (emu) => {
		// DingTalk says to retry "system busy" at most 3 times: each path meets fewer faults than that.
		emu.injectFaults({ kind: '-1', count: 2, paths: ['v2/user/list'] });
		emu.injectFaults({ kind: '502', count: 2, paths: ['v2/department/listsub'] });
		emu.injectFaults({ kind: 'reset', count: 1, paths: ['v2/department/get'] });
		const r = await runWorkflow({ nodes: [dingTalk(walkAll)], credentials: dingTalkCredentials(emu) });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, org.users.length);
		assert.equal(emu.log.filter((e) => e.fault).length, 5);
		emu.injectFaults({ kind: '-1', paths: ['user/count'] });
		const busy = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false })], credentials: dingTalkCredentials(emu) });
		assert.equal(busy.status, 'error');
		assert.match(busy.error.message, /-1/);
		assert.equal(calls(emu, 'user/count').length, 4, 'one call and 3 retries');
	});
});

test('an IP ban (HTML page) stops the run with one clear error, and later runs make no call at all', async () => {
	await withEmulator({ qps: 500 }, async (emu) => {
		emu.setOption('ipBan', 'html');
		const r = await runWorkflow({
			nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false }, { onError: 'continueRegularOutput' })],
			credentials: dingTalkCredentials(emu),
			input: [{ json: {} }, { json: {} }],
		});
		assert.equal(r.status, 'error', 'a ban is not per item, even with Continue on Fail');
		assert.match(r.error.message, /HTML page instead of JSON/);
		assert.match(r.error.description, /banned this server's IP/);
		assert.equal(emu.count(), 1, 'one call, no retry storm');

		emu.setOption('ipBan', false);
		const again = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false })], credentials: dingTalkCredentials(emu) });
		assert.equal(again.status, 'error');
		assert.match(again.error.message, /not called: the host is blocking this server until/);
		assert.equal(emu.count(), 1, 'the ban is waited out, not probed');
		assertNoSecrets(r, emu);
	});
});

test('an IP ban mid-walk (punish: deny past the per-IP limit) stops the walk cleanly', async () => {
	const org = generateOrg({ users: 300, departments: 30, seed: 10 });
	await withEmulator({ org, qps: 500, ipLimit: 25 }, async (emu) => {
		const r = await runWorkflow({ nodes: [dingTalk(walkAll)], credentials: dingTalkCredentials(emu, { qps: 500 }) });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /punish: deny/);
		const banned = emu.log.filter((e) => e.banned);
		assert.ok(banned.length >= 1);
		// Only calls already in flight when the ban came can meet it; nothing is retried.
		assert.ok(banned.length <= 50, `${banned.length} calls met the ban`);
		const firstBan = banned[0].at;
		const afterBan = emu.log.filter((e) => e.at > firstBan + 200);
		assert.equal(afterBan.length, 0, 'no call after the ban was seen');
		assertNoSecrets(r, emu);
	});
});

test('redaction: no app secret or access token in any output or error, whatever fails', async () => {
	await withEmulator({ qps: 500 }, async (emu) => {
		const wrong = 'wrong-secret-canary-123456';
		const bad = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false })], credentials: dingTalkCredentials(emu, { appSecret: wrong }) });
		assert.equal(bad.status, 'error');
		assert.match(bad.error.message, /40089/);
		assert.match(bad.error.description, /App Key and App Secret/);
		assert.ok(!everythingVisible(bad).includes(wrong));

		const u = emu.org.users[0];
		const mixed = await runWorkflow({
			nodes: [dingTalk({ resource: 'user', operation: 'get', userId: '={{ $json.id }}', output: 'raw' }, { onError: 'continueErrorOutput' })],
			credentials: dingTalkCredentials(emu),
			input: [{ json: { id: u.userid } }, { json: { id: 'missing' } }, { json: { id: 'a b' } }],
		});
		assert.equal(mixed.output('D').length, 1);
		assert.equal(mixed.output('D', 1).length, 2);
		assert.ok(emu.issuedTokens().length > 0);
		assertNoSecrets(mixed, emu);

		emu.injectFaults({ kind: 'expire', paths: ['user/count'] });
		const expired = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'count', onlyActive: false })], credentials: dingTalkCredentials(emu) });
		assert.equal(expired.status, 'error');
		assertNoSecrets(expired, emu);
	});
});
