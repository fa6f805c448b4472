// Hard failures end cleanly: an IP ban (DingTalk), a secret revoked mid-run (WeCom 40001 after
// N calls), an emulator that stops answering (DingTalk mid-walk, Casdoor mid-apply). Each run
// stops with ONE clear error, and a sync applies nothing partial that would forbid users
// wrongly: the directory is read and the plan made before any write, removals run last —
// checked in the Casdoor emulator's state. Every run is scanned for canary secrets and tokens.
// The removal guards (guards.mjs) run in the same suite. The tests run concurrently: each has its own emulators (the ban breaker, the limiters and the
// token cache are keyed by base URL).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { generateOrg } from '../emulators/orgGenerator.mjs';
import { startWeComEmulator } from '../emulators/wecom.mjs';
import { node, runWorkflowChecked } from '../harness/n8n.mjs';
import { casdoorState, startCasdoor, startDirectory, syncedUsers, workflow } from './chaos.mjs';
import { guardTests } from './guards.mjs';

const orgW = generateOrg({ users: 60, departments: 10, seed: 21 });
const orgD = generateOrg({ users: 100, departments: 20, seed: 22 });

/** The first sync of each org, made once for the tests that need it. */
const synced = { wecom: syncedUsers('wecom', orgW), dingtalk: syncedUsers('dingtalk', orgD) };

/**
 * Casdoor as the last sync left it, plus work for this one: users gone upstream (to forbid),
 * a changed title (to update), missing users (to create). A failed run must leave it as it is.
 */
function pendingWork(synced) {
	const users = synced.filter((_, i) => i % 15 !== 0).map((u, i) => (i % 10 === 1 ? { ...u, title: 'Old title' } : u));
	const tag = synced[0].properties.source;
	for (let k = 0; k < 3; k++) users.push({ owner: 'acme', name: `gone${k}`, id: `gone${k}`, externalId: `gone${k}`, displayName: `Gone ${k}`, type: 'normal-user', properties: { source: tag } });
	return users;
}

/** The run failed once: one node error, the run error, no error items anywhere, a message and a fix. */
function assertOneClearError(r, message, description) {
	assert.equal(r.status, 'error');
	const nodeErrors = Object.entries(r.runData).filter(([, runs]) => runs.some((t) => t.error));
	assert.equal(nodeErrors.length, 1, `one failing node: ${nodeErrors.map(([n]) => n)}`);
	for (const [name, runs] of Object.entries(r.runData)) {
		for (const output of runs[0]?.data?.main ?? []) {
			assert.ok(!(output ?? []).some((i) => i.json?.error), `no error items on ${name}`);
		}
	}
	assert.match(r.error.message, message);
	if (description) assert.match(String(r.error.description ?? ''), description);
}

const writes = (casdoor) => casdoor.log.filter((e) => e.method === 'POST');

describe('hard failures end cleanly, removal guards hold', { concurrency: true }, () => {
	guardTests();

	test('DingTalk bans the IP mid-walk: one error naming the ban, no call after it, Sync never runs, Casdoor untouched', async () => {
		const before = pendingWork(await synced.dingtalk);
		const dir = await startDirectory('dingtalk', orgD, { timeoutSeconds: 5, dingTalkQps: 500 }, { ipLimit: 25 });
		const cas = await startCasdoor(before, 5);
		try {
			const state = casdoorState(cas.emu);
			const r = await runWorkflowChecked(
				{ nodes: workflow('dingtalk'), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
			assertOneClearError(r, /IP banned \(punish: deny/, /banned this server's IP/);
			const banned = dir.emu.log.filter((e) => e.banned);
			assert.ok(banned.length >= 1);
			assert.equal(dir.emu.log.filter((e) => e.at > banned[0].at + 200).length, 0, 'no call after the ban');
			assert.equal(r.runData.Sync, undefined, 'the sync never ran');
			assert.equal(cas.emu.log.length, 0, 'Casdoor was not even read');
			assert.deepEqual(casdoorState(cas.emu), state);
		} finally {
			await dir.emu.close();
			await cas.emu.close();
		}
	});

	test('WeCom secret revoked mid-walk (40014, then gettoken 40001): one error with the fix, gettoken asked once, Casdoor untouched', async () => {
		const before = pendingWork(await synced.wecom);
		const dir = await startDirectory('wecom', orgW, { timeoutSeconds: 5 });
		const cas = await startCasdoor(before, 5);
		try {
			dir.emu.revokeSecretAfter(6, 'app');
			const state = casdoorState(cas.emu);
			const r = await runWorkflowChecked(
				{ nodes: workflow('wecom'), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
			assertOneClearError(r, /WeCom API error 40001 on \/cgi-bin\/gettoken/, /The secret is invalid.*Copy the current Secret/);
			assert.equal(dir.emu.log.filter((e) => e.path === '/cgi-bin/gettoken' && e.errcode === 40001).length, 1, 'one refresh attempt, not one per call');
			assert.equal(r.runData.Sync, undefined);
			assert.deepEqual(casdoorState(cas.emu), state);
		} finally {
			await dir.emu.close();
			await cas.emu.close();
		}
	});

	test('WeCom secret revoked mid-write, Continue on fail on: the run stops with one error, not one per item; nothing written after', async () => {
		const emu = await startWeComEmulator({ org: orgW, contactsSecret: 'canary-contacts-secret-0001' });
		try {
			emu.revokeSecretAfter(4, 'contacts');
			const dept = orgW.departments[1].id;
			const input = Array.from({ length: 12 }, (_, n) => ({ json: { userid: `hire${n}`, name: `Hire ${n}`, mobile: `1390000${String(n).padStart(4, '0')}` } }));
			const r = await runWorkflowChecked(
				{
					nodes: [
						node(
							'weCom',
							{
								resource: 'member', operation: 'create', userId: '={{ $json.userid }}', name: '={{ $json.name }}', mobile: '={{ $json.mobile }}', email: '', ifExists: 'fail',
								departments: { department: [{ departmentId: { __rl: true, mode: 'id', value: String(dept) }, order: 0, isLeader: false, isMain: true }] },
							},
							{ name: 'Create', onError: 'continueErrorOutput' },
						),
					],
					credentials: { weComApi: { corpId: emu.corpId, secret: emu.secrets.contacts, baseUrl: emu.url, maxConcurrency: 4 } },
					input,
				},
				{ canaries: () => [emu.secrets.contacts, emu.secrets.app, ...emu.issuedTokens()] },
			);
			assertOneClearError(r, /40001/, /The secret is invalid/);
			const created = emu.log.filter((e) => e.path === '/cgi-bin/user/create' && e.errcode === 0);
			const read = emu.log.filter((e) => e.path === '/cgi-bin/department/simplelist' && e.errcode === 0);
			assert.equal(read.length + created.length, 4, 'the four calls before the reset (the department list, then creates) went through; none after');
			assert.ok(created.length >= 1);
		} finally {
			await emu.close();
		}
	});

	test('DingTalk stops answering mid-walk: one error (no answer within the timeout), no call after the run, Casdoor untouched', async () => {
		const dir = await startDirectory('dingtalk', orgD, { timeoutSeconds: 0.3, dingTalkQps: 500 });
		const cas = await startCasdoor(pendingWork(await synced.dingtalk), 5);
		try {
			const state = casdoorState(cas.emu);
			const watch = setInterval(() => {
				if (dir.emu.log.length >= 20) {
					clearInterval(watch);
					dir.emu.injectFaults({ kind: 'timeout', rate: 1 });
				}
			}, 1);
			const r = await runWorkflowChecked(
				{ nodes: workflow('dingtalk'), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
			clearInterval(watch);
			assertOneClearError(r, /DingTalk API error on \/topapi\/.*: no answer within 0\.3 s/, /Check the Base URL/);
			const calls = dir.emu.log.length;
			await new Promise((resolve) => setTimeout(resolve, 600));
			assert.equal(dir.emu.log.length, calls, 'nothing retries in the background after the run has failed');
			assert.equal(r.runData.Sync, undefined);
			assert.deepEqual(casdoorState(cas.emu), state);
		} finally {
			await dir.emu.close();
			await cas.emu.close();
		}
	});

	test('Casdoor stops answering mid-apply, Continue on fail on: one error, removals never started, nobody forbidden', async () => {
		const before = pendingWork(await synced.wecom);
		const dir = await startDirectory('wecom', orgW, { timeoutSeconds: 5 });
		const cas = await startCasdoor(before, 0.3);
		try {
			const watch = setInterval(() => {
				if (writes(cas.emu).length >= 3) {
					clearInterval(watch);
					cas.emu.stopAnswering();
				}
			}, 1);
			const r = await runWorkflowChecked(
				{ nodes: workflow('wecom', { extra: { Sync: { onError: 'continueErrorOutput' } } }), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
			clearInterval(watch);
			assertOneClearError(r, /^Sync stopped at (create|update) of user ".+": Casdoor API error on \/api\/(add|update)-user: no answer within 0\.3 s/, /removals run last and were not started/);
			assert.equal(writes(cas.emu).filter((e) => e.path === '/api/update-user' && e.query.columns === 'isForbidden').length, 0, 'no removal was attempted');
			for (let k = 0; k < 3; k++) assert.equal(cas.emu.user(`gone${k}`).isForbidden, false);
			const wasAllowed = before.filter((u) => u.isForbidden !== true).map((u) => u.name);
			assert.deepEqual(wasAllowed.filter((name) => cas.emu.user(name)?.isForbidden === true), [], 'nobody who could sign in is forbidden now');
		} finally {
			await dir.emu.close();
			await cas.emu.close();
		}
	});
});
