// Two Apply runs of the same Sync Users at once (issue 22): a second n8n worker, or a
// schedule that fired while the last run was still going. Both read the target before either
// writes, so both plan every create; each user is created once, and each run counts only the
// users it created itself, the rest as created by the other run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { startScimEmulator } from './emulators/scim.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const USERS = 30;
const members = Array.from({ length: USERS }, (_, i) => ({ userid: `u${i}`, name: `User ${i}`, department: [1], status: 1, enable: 1 }));

async function twoAtOnce(target, credentials) {
	const run = () =>
		runWorkflow({
			nodes: [
				node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
				node(target, { resource: 'user', operation: 'syncUsers', mode: 'apply', syncOptions: { inputIsComplete: true } }, { name: 'Sync' }),
			],
			credentials: { ...credentials, weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' } },
			input: members.map((json) => ({ json })),
		});
	const runs = await Promise.all([run(), run()]);
	for (const r of runs) assert.equal(r.status, 'success', r.error?.message);
	return runs.map((r) => {
		const out = r.output('Sync');
		return { summary: out.find((o) => o.action === 'summary'), items: out.filter((o) => o.action !== 'summary') };
	});
}

function assertHonest(runs) {
	for (const { summary, items } of runs) {
		// Both runs planned every create (they overlapped), and none failed.
		assert.equal(summary.created + summary.createdByAnotherRun, USERS, JSON.stringify(summary));
		assert.equal(summary.failed, 0);
		assert.equal(items.filter((o) => o.status === 'createdByAnotherRun').length, summary.createdByAnotherRun);
	}
	// Each user counted as created by exactly one run.
	assert.equal(runs[0].summary.created + runs[1].summary.created, USERS, runs.map((r) => JSON.stringify(r.summary)).join(' '));
}

test('Casdoor: two Apply runs at once create each user once; each reports the users the other created as createdByAnotherRun', async () => {
	// Latency so both runs read the organization before either writes, as two workers would.
	const emu = await startCasdoorEmulator({ users: [], latencyMs: 20 });
	try {
		const runs = await twoAtOnce('casdoor', {
			casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
		});
		assertHonest(runs);
		const added = emu.log.filter((e) => e.path === '/api/add-user');
		assert.equal(added.length, 2 * USERS, 'both runs tried every create');
		const names = members.map((m) => m.userid);
		for (const name of names) assert.ok(emu.user(name), `${name} exists`);
		assert.equal(emu.log.filter((e) => e.path === '/api/update-user').length, 0, 'nothing written twice');
	} finally {
		await emu.close();
	}
});

test('SCIM: two Apply runs at once converge with no duplicate users and honest counts', async () => {
	const emu = await startScimEmulator({ users: [] });
	try {
		const runs = await twoAtOnce('scim', { scimApi: { baseUrl: emu.url, authentication: 'bearerToken', token: emu.token } });
		assertHonest(runs);
		const list = await (await fetch(`${emu.url}/Users?count=1000`, { headers: { authorization: `Bearer ${emu.token}` } })).json();
		const userNames = list.Resources.map((u) => u.userName);
		assert.equal(userNames.length, USERS, 'no duplicates');
		assert.equal(new Set(userNames).size, USERS);
	} finally {
		await emu.close();
	}
});

test('one run alone: a create whose first attempt landed unanswered, then "already exists", is this run\'s own creation', async () => {
	const emu = await startCasdoorEmulator({ users: [] });
	try {
		// The first add-user is carried out, then the connection drops: the retry meets "already exists".
		emu.injectFaults({ kind: 'resetAfterApply', path: '/api/add-user' });
		const r = await runWorkflow({
			nodes: [
				node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
				node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', syncOptions: { inputIsComplete: true } }, { name: 'Sync' }),
			],
			credentials: {
				casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
				weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
			},
			input: [{ json: members[0] }],
		});
		assert.equal(r.status, 'success', r.error?.message);
		const summary = r.output('Sync').find((o) => o.action === 'summary');
		assert.equal(emu.log.filter((e) => e.path === '/api/add-user').length, 2, 'the create was retried');
		assert.deepEqual([summary.created, summary.createdByAnotherRun], [1, 0]);
	} finally {
		await emu.close();
	}
});
