// Sync Users through the engine: WeCom "Map to IAM User" → Casdoor "Sync Users", against the
// Casdoor emulator. One read of the organization, one write per change, removals last.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const SOURCE = 'wecom:acme';
const tagged = (name, extra = {}) => ({
	name,
	id: name,
	externalId: name,
	displayName: name.toUpperCase(),
	wecom: name,
	type: 'normal-user',
	properties: { source: SOURCE },
	...extra,
});
const member = (userid, extra = {}) => ({ userid, name: userid.toUpperCase(), department: [1], status: 1, enable: 1, ...extra });
const filler = Array.from({ length: 10 }, (_, i) => `steady${i}`);

/** Casdoor before the sync: our users, a local user and another source's user. */
function seedUsers() {
	return [
		...filler.map((n) => tagged(n)),
		tagged('chg', { title: 'Engineer' }),
		tagged('back', { isForbidden: true }),
		tagged('gone'),
		{ name: 'local1', displayName: 'Local', email: 'local1@acme.com' },
		{ name: 'ding1', displayName: 'Ding', properties: { source: 'dingtalk:acme' } },
	];
}

function upstream() {
	return [
		...filler.map((n) => member(n)),
		member('chg', { position: 'Staff Engineer' }),
		member('back'),
		member('new1', { mobile: '+86 138 0013 8000', email: 'new1@acme.com', gender: '2' }),
	];
}

function creds(emu) {
	return {
		casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
		weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
	};
}

async function sync(emu, members, syncParams = {}, extra = {}) {
	return await runWorkflow({
		nodes: [
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
			// The members are built by hand here, as another system would send them: declared complete.
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', ...syncParams, syncOptions: { inputIsComplete: true, ...syncParams.syncOptions } }, { name: 'Sync', ...extra }),
		],
		credentials: creds(emu),
		input: members.map((json) => ({ json })),
	});
}

async function withEmu(fn, users = seedUsers()) {
	const emu = await startCasdoorEmulator({ users });
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

const actions = (out) => Object.fromEntries(out.filter((o) => o.action !== 'summary').map((o) => [o.name, o.action]));
const summary = (out) => out.find((o) => o.action === 'summary');
const writes = (emu) => emu.log.filter((e) => e.method === 'POST');

test('Apply: create, update, unforbid and forbid; one read plus one write per change; removals last', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success', run.error?.message);
		const out = run.output('Sync');
		assert.deepEqual(actions(out), { chg: 'update', back: 'unforbid', new1: 'create', gone: 'forbid' });
		assert.deepEqual(
			{ ...summary(out), organization: undefined },
			{
				action: 'summary', mode: 'apply', organization: undefined, source: SOURCE, removalPolicy: 'forbid', sourceUsers: 13,
				existingUsers: 13, created: 1, createdByAnotherRun: 0, updated: 1, unforbidden: 1, forbidden: 1, deleted: 0, unchanged: 10, skipped: 0, failed: 0,
			},
		);
		assert.deepEqual(out.find((o) => o.name === 'chg').columns, ['title']);
		assert.equal(emu.count(), 5, '1 read + 4 writes');
		assert.equal(emu.count('/api/get-users'), 1);
		assert.deepEqual(emu.log[0].query, { owner: 'acme' }, 'the organization is read once, unpaged');
		assert.equal(writes(emu).at(-1).body.name, 'gone', 'the removal runs last');
		for (const w of writes(emu).filter((e) => e.path === '/api/update-user')) assert.ok(w.query.columns, 'updates carry columns');

		assert.equal(emu.user('chg').title, 'Staff Engineer');
		assert.equal(emu.user('back').isForbidden, false);
		assert.equal(emu.user('gone').isForbidden, true);
		const created = emu.user('new1');
		assert.deepEqual(
			[created.displayName, created.email, created.phone, created.countryCode, created.gender, created.wecom, created.properties.source],
			['NEW1', 'new1@acme.com', '13800138000', 'CN', 'Female', 'new1', SOURCE],
		);
		// Local and other sources' users: never written.
		assert.ok(!writes(emu).some((w) => ['local1', 'ding1'].includes(w.body.name)));

		// Pairing: source actions point at their input item, the removal at none.
		const items = run.items('Sync');
		assert.deepEqual(items.find((i) => i.json.name === 'new1').pairedItem, { item: 12 });
		assert.equal(items.find((i) => i.json.name === 'gone').pairedItem, undefined);

		// Casdoor normalized the phone; the next sync sees no change and writes nothing.
		emu.clearLog();
		const again = await sync(emu, upstream());
		assert.equal(summary(again.output('Sync')).unchanged, 14);
		assert.equal(emu.count(), 1, 'only the read');
	});
});

test('the sync completes its own records, never the items it is given: Map to IAM User\'s output is as Map made it', async () => {
	await withEmu(async (emu) => {
		const run = await runWorkflow({
			nodes: [
				node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme', mapOptions: { groups: 'departmentId' } }, { name: 'Map' }),
				node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', syncOptions: { inputIsComplete: true } }, { name: 'Sync' }),
			],
			credentials: creds(emu),
			input: upstream().map((json) => ({ json })),
		});
		assert.equal(run.status, 'success', run.error?.message);
		const mapped = run.output('Map').find((u) => u.name === 'new1');
		assert.equal(mapped.type, undefined);
		assert.deepEqual(mapped.properties, { source: SOURCE });
		// What was written carries the marks the items do not: the type and the groups this source gave.
		const created = emu.user('new1');
		assert.equal(created.type, 'normal-user');
		assert.deepEqual(created.properties, { source: SOURCE, sourceGroups: '["acme/1"]' });
		assert.deepEqual(run.output('Sync').find((o) => o.name === 'new1').user.properties, created.properties);
	});
});

test('removal policy delete deletes, ignore leaves alone', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream(), { removalPolicy: 'ignore' });
		assert.equal(actions(run.output('Sync')).gone, 'skip');
		assert.equal(emu.user('gone').isForbidden, false);
		const del = await sync(emu, upstream(), { removalPolicy: 'delete' });
		assert.equal(actions(del.output('Sync')).gone, 'delete');
		assert.equal(summary(del.output('Sync')).deleted, 1);
		assert.equal(emu.user('gone'), undefined);
		assert.ok(emu.user('local1') && emu.user('ding1'));
	});
});

test('Dry Run outputs the plan and writes nothing: the log has only the one read', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream(), { mode: 'dryRun', syncOptions: { includeUnchanged: true } });
		assert.equal(run.status, 'success');
		const out = run.output('Sync');
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.path}`), ['GET /api/get-users']);
		assert.equal(out.length, 15, 'one item per action (13 source users, 1 removal) and the summary');
		assert.deepEqual(out.find((o) => o.name === 'new1').status, 'planned');
		assert.deepEqual(out.find((o) => o.name === 'chg').changes, { title: 'Staff Engineer' });
		assert.deepEqual(out.find((o) => o.name === 'chg').before, { title: 'Engineer' });
		assert.equal(out.find((o) => o.name === 'steady0').action, 'unchanged');
		assert.equal(summary(out).mode, 'dryRun');
		assert.equal(emu.user('gone').isForbidden, false);
		const quiet = await sync(emu, upstream(), { mode: 'dryRun' });
		assert.equal(quiet.output('Sync').length, 5, 'unchanged users are only counted by default');
	});
});

test('guard: an empty source stops before any write and says why', async () => {
	await withEmu(async (emu) => {
		const run = await runWorkflow({
			nodes: [node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', source: SOURCE }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: {} }],
		});
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /Sync stopped before any write: the input has no users, but 13 Casdoor users of source "wecom:acme"/);
		assert.match(run.error.description, /Allow Large Removals/);
		assert.equal(writes(emu).length, 0);
		const untagged = await runWorkflow({
			nodes: [node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply' }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: {} }],
		});
		assert.match(untagged.error.message, /No source tag/);
	});
});

test('guard: a large shrink stops before any write; the override lets it through; dry run reports it', async () => {
	await withEmu(async (emu) => {
		const half = ['a', 'b', 'c', 'd'];
		for (const n of half) emu.seedUser(tagged(n));
		const keep = upstream().concat(member('a'), member('b'));
		// 17 users of the source; without the fillers, c, d and gone, 13 of them are missing.
		const shrunk = keep.filter((m) => !m.userid.startsWith('steady'));
		const run = await sync(emu, shrunk);
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /it would forbid 13 of the 17 users of source "wecom:acme" in "acme" \(76\.5%\), above the 20% limit/);
		assert.equal(emu.count(), 1, 'only the read');

		const preview = await sync(emu, shrunk, { mode: 'dryRun' });
		assert.equal(preview.status, 'success');
		assert.match(summary(preview.output('Sync')).guard, /above the 20% limit/);

		const forced = await sync(emu, shrunk, { syncOptions: { allowLargeRemovals: true } });
		assert.equal(forced.status, 'success');
		assert.equal(summary(forced.output('Sync')).forbidden, 13);
		assert.equal(emu.user('c').isForbidden, true);
	});
});

test('guard: a 50% shrink (2 of 4 users gone) trips the default 20% limit; raising the limit lets it through', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, [member('a'), member('b')]);
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /forbid 2 of the 4 users .*\(50%\)/);
		assert.equal(writes(emu).length, 0);
		const raised = await sync(emu, [member('a'), member('b')], { syncOptions: { maxRemovalPercent: 50 } });
		assert.equal(raised.status, 'success');
	}, ['a', 'b', 'c', 'd'].map((n) => tagged(n)));
});

test('a local user or another source\'s user with the same name is skipped, never adopted', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, [...upstream(), member('local1', { position: 'Hijack' }), member('ding1')]);
		const out = run.output('Sync');
		assert.deepEqual([actions(out).local1, actions(out).ding1], ['skip', 'skip']);
		assert.match(out.find((o) => o.name === 'local1').reason, /no source \(a local user\)/);
		assert.equal(emu.user('local1').title, '');
		assert.equal(emu.user('local1').properties, null);
		assert.equal(summary(out).skipped, 2);
	});
});

test('continue-on-fail: a refused write becomes an error item (paired with its input); the others are applied', async () => {
	await withEmu(async (emu) => {
		const clash = member('dup', { email: 'local1@acme.com' });
		const run = await sync(emu, [...upstream(), clash], {}, { onError: 'continueErrorOutput' });
		assert.equal(run.status, 'success');
		const [failed] = run.items('Sync', 1);
		assert.match(failed.json.error, /^create of user "dup" failed: .*Email already exists/);
		assert.deepEqual([failed.json.message.action, failed.json.message.status, failed.json.message.name], ['create', 'failed', 'dup']);
		assert.equal(failed.json.externalId, 'dup', 'the error output carries the input user too');
		assert.deepEqual(failed.pairedItem, { item: 13 });
		const s = summary(run.output('Sync', 0));
		assert.deepEqual([s.created, s.failed, s.forbidden], [1, 1, 1]);
		assert.equal(emu.user('gone').isForbidden, true, 'the others were applied');
	});
});

test('without continue-on-fail the sync stops at the first refused write and says what was done', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, [...upstream(), member('dup', { email: 'local1@acme.com' })]);
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /Sync stopped at create of user "dup": .*Email already exists/);
		assert.match(run.error.description, /removals run last and were not started/);
		assert.equal(emu.user('gone').isForbidden, false);
	});
});

test('a create retried after a dropped connection is recognised as done, not reported as a duplicate', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ kind: 'resetAfterApply', path: '/api/add-user' });
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success', run.error?.message);
		const s = summary(run.output('Sync'));
		assert.deepEqual([s.created, s.failed], [1, 0]);
		assert.equal(emu.count('/api/add-user'), 2);
	});
});

test('an input item that is not a user (an upstream error) stops the sync before any call', async () => {
	await withEmu(async (emu) => {
		const run = await runWorkflow({
			nodes: [node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply' }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: { ...tagged('x'), owner: 'acme' } }, { json: { error: 'Invalid "userid"' } }],
		});
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /Input item 1 is not an IAM user.*Invalid "userid"/);
		assert.equal(emu.count(), 0);
	});
});

test('a write Casdoor answers "Unaffected" counts as unchanged, not as a change or a failure', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ kind: 'reply', path: '/api/update-user', body: { status: 'ok', msg: '', data: 'Unaffected' }, times: 2 });
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success');
		const out = run.output('Sync');
		assert.deepEqual([out.find((o) => o.name === 'chg').status, out.find((o) => o.name === 'back').status], ['unaffected', 'unaffected']);
		const s = summary(out);
		assert.deepEqual([s.updated, s.unforbidden, s.unchanged, s.failed, s.forbidden], [0, 0, 12, 0, 1]);
	});
});

test('with no Organization parameter the sync writes to the input users\' organization', async () => {
	await withEmu(async (emu) => {
		emu.addOrganization('beta');
		const run = await runWorkflow({
			nodes: [
				node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'beta', sourceName: 'acme' }, { name: 'Map' }),
				node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply' }, { name: 'Sync' }),
			],
			credentials: creds(emu),
			input: [{ json: member('betty') }],
		});
		assert.equal(run.status, 'success', run.error?.message);
		assert.equal(emu.log[0].query.owner, 'beta');
		assert.ok(emu.user('betty', 'beta'));
		assert.equal(emu.user('betty'), undefined);
	});
});
