// Sync Users into SCIM through the engine: WeCom "Map to IAM User" → SCIM "Sync Users",
// against a real SCIM server (scimmy). The planner, the guard, the output and the apply
// loop are the ones Casdoor's Sync Users uses (test/casdoor.sync.test.mjs); this checks
// SCIM's side: ownership by externalId, deactivate / reactivate, PATCH or PUT, 409s.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startScimEmulator } from './emulators/scim.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const SOURCE = 'wecom:acme';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM user as this source's sync creates it for a plain member. */
const owned = (userName, extra = {}) => ({
	userName,
	externalId: `${SOURCE}/${userName}`,
	displayName: userName.toUpperCase(),
	name: { formatted: userName.toUpperCase() },
	active: true,
	...extra,
});
const member = (userid, extra = {}) => ({ userid, name: userid.toUpperCase(), department: [1], status: 1, enable: 1, ...extra });
const filler = Array.from({ length: 10 }, (_, i) => `steady${i}`);

/** The SCIM server before the sync: our users, a local user and another source's user. */
function seedUsers() {
	return [
		...filler.map((n) => owned(n)),
		owned('chg', { title: 'Engineer', addresses: [{ locality: 'Hangzhou' }] }),
		owned('back', { active: false }),
		owned('gone'),
		{ userName: 'local1', externalId: 'hr-1', displayName: 'Local', emails: [{ value: 'local1@acme.com', primary: true }], active: true },
		{ userName: 'ding1', externalId: 'dingtalk:acme/ding1', displayName: 'Ding', active: true },
	];
}

function upstream() {
	return [
		...filler.map((n) => member(n)),
		member('chg', { position: 'Staff Engineer' }),
		member('back'),
		member('new1', { mobile: '+86 138 0013 8000', email: 'new1@acme.com' }),
	];
}

function creds(emu) {
	return {
		scimApi: { baseUrl: emu.url, authentication: 'bearerToken', token: emu.token },
		weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
	};
}

async function sync(emu, members, syncParams = {}, extra = {}) {
	return await runWorkflow({
		nodes: [
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
			// The members are built by hand here, as another system would send them: declared complete.
			node('scim', { resource: 'user', operation: 'syncUsers', mode: 'apply', ...syncParams, syncOptions: { inputIsComplete: true, ...syncParams.syncOptions } }, { name: 'Sync', ...extra }),
		],
		credentials: creds(emu),
		input: members.map((json) => ({ json })),
	});
}

async function withEmu(fn, options = {}) {
	const emu = await startScimEmulator({ users: seedUsers(), ...options });
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

const actions = (out) => Object.fromEntries(out.filter((o) => o.action !== 'summary').map((o) => [o.userName, o.action]));
const summary = (out) => out.find((o) => o.action === 'summary');
const named = (emu, entries) => entries.map((e) => e.path.replace(/\/Users\/(.+)$/, (_, id) => `/Users/${emu.userById(id)?.userName ?? id}`));

test('Apply: create, update, reactivate and deactivate; one read plus one write per change; removals last; a second sync writes nothing', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success', run.error?.message);
		const out = run.output('Sync');
		assert.deepEqual(actions(out), { chg: 'update', back: 'reactivate', new1: 'create', gone: 'deactivate' });
		assert.deepEqual(summary(out), {
			action: 'summary', mode: 'apply', source: SOURCE, removalPolicy: 'deactivate', sourceUsers: 13, existingUsers: 13,
			created: 1, updated: 1, reactivated: 1, deactivated: 1, deleted: 0, unchanged: 10, skipped: 0, failed: 0,
		});
		assert.deepEqual(out.find((o) => o.userName === 'chg').changes, { title: 'Staff Engineer' });
		const reads = emu.log.filter((e) => e.method === 'GET');
		assert.deepEqual(reads.map((e) => e.path), ['/Users', '/ServiceProviderConfig'], 'the users are read once; the config once, before the first change');
		assert.deepEqual(named(emu, emu.writes()).slice(-1), ['/Users/gone'], 'the removal runs last');
		assert.equal(emu.writes().length, 4);

		assert.equal(emu.user('chg').title, 'Staff Engineer');
		assert.deepEqual(emu.user('chg').addresses, [{ locality: 'Hangzhou' }], 'attributes the sync does not map stay');
		assert.equal(emu.user('back').active, true);
		assert.equal(emu.user('gone').active, false);
		const created = emu.user('new1');
		assert.deepEqual(
			[created.externalId, created.displayName, created.emails[0].value, created.phoneNumbers[0].value, created.active],
			[`${SOURCE}/new1`, 'NEW1', 'new1@acme.com', '+86 138 0013 8000', true],
		);
		assert.ok(!emu.writes().some((w) => ['local1', 'ding1'].includes(emu.userById(w.path.split('/')[2])?.userName)));

		const items = run.items('Sync');
		assert.deepEqual(items.find((i) => i.json.userName === 'new1').pairedItem, { item: 12 });
		assert.equal(items.find((i) => i.json.userName === 'gone').pairedItem, undefined);

		emu.clearLog();
		const again = await sync(emu, upstream());
		assert.equal(summary(again.output('Sync')).unchanged, 14);
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.path}`), ['GET /Users'], 'only the read');

		// The user deactivated as gone comes back upstream: reactivated, not created again.
		const back = await sync(emu, [...upstream(), member('gone')]);
		assert.equal(actions(back.output('Sync')).gone, 'reactivate');
		assert.equal(emu.user('gone').active, true);
		assert.equal(emu.users().filter((u) => u.userName === 'gone').length, 1);
	});
});

test('removal policy delete deletes, ignore leaves alone; other users are never removed', async () => {
	await withEmu(async (emu) => {
		const ignore = await sync(emu, upstream(), { removalPolicy: 'ignore' });
		assert.equal(actions(ignore.output('Sync')).gone, 'skip');
		assert.equal(emu.user('gone').active, true);
		const del = await sync(emu, upstream(), { removalPolicy: 'delete' });
		assert.equal(actions(del.output('Sync')).gone, 'delete');
		assert.equal(summary(del.output('Sync')).deleted, 1);
		assert.equal(emu.user('gone'), undefined);
		assert.ok(emu.user('local1') && emu.user('ding1'));
	});
});

test('a removal whose user is already gone (404) counts as unchanged; a user name taken since the read fails with the reason', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults(
			{ method: 'DELETE', path: '/Users', status: 404, body: { schemas: [ERROR], status: '404', detail: 'Resource not found' } },
			{ method: 'POST', path: '/Users', status: 409, body: { schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: 'userName taken' } },
		);
		const run = await sync(emu, upstream(), { removalPolicy: 'delete' }, { onError: 'continueErrorOutput' });
		assert.equal(run.status, 'success', run.error?.message);
		const out = run.output('Sync');
		assert.equal(out.find((o) => o.userName === 'gone').status, 'unaffected');
		assert.deepEqual([summary(out).deleted, summary(out).failed], [0, 1]);
		const [failed] = run.items('Sync', 1);
		assert.match(failed.json.error, /create of user "new1" failed: SCIM API error uniqueness/);
		assert.match(failed.json.message.description, /already exists and was not created by this source, so it is left untouched/);
	});
});

test('Dry Run outputs the plan and writes nothing: the log has only the read', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream(), { mode: 'dryRun', syncOptions: { includeUnchanged: true } });
		assert.equal(run.status, 'success');
		const out = run.output('Sync');
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.path}`), ['GET /Users']);
		assert.equal(out.length, 15, 'one item per action (13 source users, 1 removal) and the summary');
		const create = out.find((o) => o.userName === 'new1');
		assert.equal(create.status, 'planned');
		assert.equal(create.user.externalId, `${SOURCE}/new1`, 'the plan shows the SCIM user that would be posted');
		assert.deepEqual(out.find((o) => o.userName === 'chg').before, { title: 'Engineer' });
		assert.deepEqual(out.find((o) => o.userName === 'gone').changes, { active: false });
		assert.equal(summary(out).mode, 'dryRun');
		assert.equal(emu.user('gone').active, true);
	});
});

test('guard: an empty source or a large shrink stops before any write; dry run reports it; the override lets it through', async () => {
	await withEmu(async (emu) => {
		const empty = await runWorkflow({
			nodes: [node('scim', { resource: 'user', operation: 'syncUsers', mode: 'apply', source: SOURCE }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: {} }],
		});
		assert.equal(empty.status, 'error');
		assert.match(empty.error.message, /Sync stopped before any write: the input has no users, but 13 SCIM users of source "wecom:acme" exist on the SCIM server/);
		assert.match(empty.error.description, /Allow Large Removals/);

		const shrunk = upstream().filter((m) => !m.userid.startsWith('steady'));
		const run = await sync(emu, shrunk);
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /it would deactivate 11 of the 13 users of source "wecom:acme" on the SCIM server \(84\.6%\), above the 20% limit/);
		assert.equal(emu.writes().length, 0);

		const preview = await sync(emu, shrunk, { mode: 'dryRun' });
		assert.match(summary(preview.output('Sync')).guard, /above the 20% limit/);
		const forced = await sync(emu, shrunk, { syncOptions: { allowLargeRemovals: true } });
		assert.equal(forced.status, 'success', forced.error?.message);
		assert.equal(summary(forced.output('Sync')).deactivated, 11);
		assert.equal(emu.user('steady3').active, false);
	});
});

test('a local user or another source\'s user holding the userName is skipped, never adopted', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, [...upstream(), member('local1', { position: 'Hijack' }), member('ding1')]);
		const out = run.output('Sync');
		assert.deepEqual([actions(out).local1, actions(out).ding1], ['skip', 'skip']);
		assert.match(out.find((o) => o.userName === 'local1').reason, /a SCIM user named "local1" already exists and belongs to no source \(a local user\)/);
		assert.match(out.find((o) => o.userName === 'ding1').reason, /belongs to source "dingtalk:acme"/);
		assert.deepEqual([emu.user('local1').title, emu.user('local1').externalId], [undefined, 'hr-1']);
		assert.equal(summary(out).skipped, 2);
	});
});

test('continue-on-fail: a refused write becomes an error item paired with its input; the others are applied', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ method: 'POST', path: '/Users', status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: 'phoneNumbers: bad format' } });
		const run = await sync(emu, upstream(), {}, { onError: 'continueErrorOutput' });
		assert.equal(run.status, 'success');
		const [failed] = run.items('Sync', 1);
		assert.match(failed.json.error, /^create of user "new1" failed: SCIM API error invalidValue on \/Users: phoneNumbers: bad format/);
		assert.deepEqual([failed.json.message.action, failed.json.message.status, failed.json.message.httpStatus], ['create', 'failed', 400]);
		assert.equal(failed.json.externalId, 'new1', 'the error output carries the input user too');
		assert.deepEqual(failed.pairedItem, { item: 12 });
		const s = summary(run.output('Sync', 0));
		assert.deepEqual([s.created, s.failed, s.deactivated], [0, 1, 1]);
		assert.equal(emu.user('gone').active, false, 'the others were applied');
	});
});

test('without continue-on-fail the sync stops at the first refused write and says what was done', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ method: 'POST', path: '/Users', status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: 'bad' } });
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /Sync stopped at create of user "new1": SCIM API error invalidValue/);
		assert.match(run.error.description, /removals run last and were not started/);
		assert.equal(emu.user('gone').active, true);
	});
});

test('a create whose answer was lost is retried, answered 409, recognised as ours by its externalId and counted once', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ method: 'POST', path: '/Users', status: 503, afterApply: true });
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success', run.error?.message);
		const s = summary(run.output('Sync'));
		assert.deepEqual([s.created, s.failed], [1, 0]);
		assert.deepEqual(emu.log.filter((e) => e.method === 'POST').map((e) => e.status), [503, 409]);
		assert.equal(emu.users().filter((u) => u.userName === 'new1').length, 1);
	});
});

test('a server without PATCH: the sync writes each change with PUT of the whole user', async () => {
	await withEmu(async (emu) => {
		const run = await sync(emu, upstream());
		assert.equal(run.status, 'success', run.error?.message);
		assert.equal(emu.count('PATCH'), 0);
		assert.equal(emu.count('PUT'), 3, 'update, reactivate, deactivate');
		assert.deepEqual([emu.user('chg').title, emu.user('chg').addresses], ['Staff Engineer', [{ locality: 'Hangzhou' }]]);
		assert.deepEqual([emu.user('back').active, emu.user('gone').active], [true, false]);
		emu.clearLog();
		await sync(emu, upstream());
		assert.equal(emu.writes().length, 0, 'converged: the next sync writes nothing');
	}, { patch: false });
});

test('input that is not one source\'s users stops the sync before any call', async () => {
	await withEmu(async (emu) => {
		const notUser = await runWorkflow({
			nodes: [node('scim', { resource: 'user', operation: 'syncUsers', mode: 'apply' }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: { name: 'x', properties: { source: SOURCE } } }, { json: { error: 'Invalid "userid"' } }],
		});
		assert.match(notUser.error.message, /Input item 1 is not an IAM user.*Invalid "userid"/);
		const slash = await runWorkflow({
			nodes: [node('scim', { resource: 'user', operation: 'syncUsers', mode: 'apply', source: 'wecom:a/b' }, { name: 'Sync' })],
			credentials: creds(emu),
			input: [{ json: { name: 'x' } }],
		});
		assert.match(slash.error.message, /The source tag "wecom:a\/b" contains "\/"/);
		assert.equal(emu.count(), 0);
	});
});
