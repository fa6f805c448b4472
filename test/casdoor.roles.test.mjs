// Casdoor roles through the engine against the Casdoor emulator: Get Many, Create or Update,
// Set Members, and Sync Roles from WeCom tags, DingTalk roles and Map to IAM User output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const SOURCE = 'wecom:acme';
const casdoorCreds = (emu) => ({
	casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
	weComApi: { corpId: 'acme', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
});
const casdoor = (parameters, extra = {}) => node('casdoor', { resource: 'role', ...parameters }, { name: 'C', ...extra });
const writes = (emu) => emu.log.filter((e) => e.method === 'POST');
const summary = (out) => out.find((o) => o.action === 'summary');
const byName = (out) => Object.fromEntries(out.filter((o) => o.action !== 'summary').map((o) => [o.name, o]));

async function withEmu(options, fn) {
	const emu = await startCasdoorEmulator(options);
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

async function run(emu, parameters, input = [{ json: {} }], extra = { onError: 'continueErrorOutput' }) {
	return await runWorkflow({ nodes: [casdoor(parameters, extra)], credentials: casdoorCreds(emu), input });
}

describe('Role → Get Many, Create or Update, Set Members', () => {
	test('Get Many pages with p / pageSize (150 roles: 2 pages) and honours Limit', async () => {
		const roles = Array.from({ length: 150 }, (_, k) => ({ name: `r${k}`, displayName: `Role ${k}` }));
		await withEmu({ roles }, async (emu) => {
			const all = await run(emu, { operation: 'getMany', returnAll: true });
			assert.equal(all.output('C').length, 150);
			assert.deepEqual(emu.log.map((e) => [e.query.p, e.query.pageSize]), [['1', '100'], ['2', '100']]);
			const some = await run(emu, { operation: 'getMany', returnAll: false, limit: 5 });
			assert.equal(some.output('C').length, 5);
		});
	});

	test('Create or Update: creates with empty member lists; unchanged writes nothing; a change sends the whole role so members survive', async () => {
		await withEmu({}, async (emu) => {
			const created = await run(emu, { operation: 'upsert', roleName: 'ui', roleDisplayName: 'UI', roleDescription: 'Designers', roleEnabled: true });
			assert.equal(created.output('C')[0].action, 'created');
			assert.deepEqual(
				(({ owner, name, displayName, description, users, isEnabled }) => ({ owner, name, displayName, description, users, isEnabled }))(emu.role('ui')),
				{ owner: 'acme', name: 'ui', displayName: 'UI', description: 'Designers', users: [], isEnabled: true },
			);
			emu.role('ui').users = ['acme/alice'];

			emu.clearLog();
			const same = await run(emu, { operation: 'upsert', roleName: 'ui', roleDisplayName: 'UI', roleDescription: '', roleEnabled: true });
			assert.equal(same.output('C')[0].action, 'unchanged');
			assert.equal(writes(emu).length, 0);

			const renamed = await run(emu, { operation: 'upsert', roleName: 'ui', roleDisplayName: 'UI Team', roleDescription: '', roleEnabled: false });
			assert.deepEqual(renamed.output('C')[0].changed, ['displayName', 'isEnabled']);
			assert.deepEqual([emu.role('ui').displayName, emu.role('ui').description, emu.role('ui').users], ['UI Team', 'Designers', ['acme/alice']]);
		});
	});

	test('Set Members: replace, add, remove; no write when nothing changes; names get the organization', async () => {
		await withEmu({ roles: [{ name: 'ops', users: ['acme/a', 'acme/b'] }] }, async (emu) => {
			const replaced = await run(emu, { operation: 'setMembers', roleName: 'ops', members: 'b, c, other/x', change: 'replace' });
			assert.deepEqual(replaced.output('C')[0], { action: 'updated', owner: 'acme', name: 'ops', users: ['acme/b', 'acme/c', 'other/x'], added: ['acme/c', 'other/x'], removed: ['acme/a'] });
			assert.deepEqual(emu.role('ops').users, ['acme/b', 'acme/c', 'other/x']);
			const added = await run(emu, { operation: 'setMembers', roleName: 'ops', members: '={{ ["d", "b"] }}', change: 'add' });
			assert.deepEqual(added.output('C')[0].added, ['acme/d']);
			const removed = await run(emu, { operation: 'setMembers', roleName: 'ops', members: 'c', change: 'remove' });
			assert.deepEqual(emu.role('ops').users, ['acme/b', 'other/x', 'acme/d']);
			assert.deepEqual(removed.output('C')[0].removed, ['acme/c']);
			emu.clearLog();
			const same = await run(emu, { operation: 'setMembers', roleName: 'ops', members: 'd', change: 'add' });
			assert.equal(same.output('C')[0].action, 'unchanged');
			assert.equal(writes(emu).length, 0);
		});
	});

	test('Set Members: a missing role fails its item with the fix; a synced role gets a warning; invalid names are refused before any call', async () => {
		const synced = { name: 'tagged', description: `[n8n-sync source=${SOURCE}] Mirrors WeCom tag 1`, users: [] };
		await withEmu({ roles: [synced] }, async (emu) => {
			const r = await run(emu, { operation: 'setMembers', roleName: '={{ $json.role }}', members: 'a', change: 'replace' }, [
				{ json: { role: 'nope' } },
				{ json: { role: 'tagged' } },
			]);
			const [error] = r.output('C', 1);
			assert.match(error.error, /does not exist/);
			assert.match(error.message.description, /Create or Update/);
			assert.match(r.output('C')[0].warning, /kept by Sync Roles \(source "wecom:acme"\)/);
			emu.clearLog();
			const bad = await run(emu, { operation: 'setMembers', roleName: 'a/b', members: 'x', change: 'replace' });
			assert.equal(bad.output('C', 1)[0].message.field, 'Role Name');
			const badMember = await run(emu, { operation: 'setMembers', roleName: 'ops', members: 'a/b/c', change: 'replace' });
			assert.equal(badMember.output('C', 1)[0].message.field, 'Members');
			assert.equal(emu.log.length, 0);
		});
	});
});

// ---- Sync Roles -----------------------------------------------------------------------------

const user = (name, wecom, extra = {}) => ({ name, wecom, displayName: name, properties: { source: SOURCE }, ...extra });
/** Casdoor users of the source: bound by their wecom field. "Zhang.San" has a name unlike its userid. */
const seedUsers = () => [user('alice', 'alice'), user('bob', 'bob'), user('Zhang.San', 'zhangsan'), user('carol', 'carol'), { name: 'dave' }];
const tag = (tagId, tagName, userids, extra = {}) => ({ json: { tagId, tagName, userids, source: SOURCE, ...extra } });

const syncParams = (extra = {}) => ({ operation: 'syncRoles', mode: 'apply', roleInput: 'directoryRoles', roleRemovalPolicy: 'empty', ...extra });

describe('Role → Sync Roles', () => {
	test('Apply: one role per tag, members found by their WeCom binding or the name rule, unmatched reported; a second run only reads', async () => {
		const local = { name: 'Ops', description: 'made by hand', users: ['acme/dave'] };
		await withEmu({ users: seedUsers(), roles: [local] }, async (emu) => {
			const input = [tag(1, 'Designers', ['alice', 'zhangsan', 'dave', 'ghost']), tag(2, 'Ops', ['bob']), tag(3, 'Finance', [])];
			const r = await run(emu, syncParams(), input);
			assert.equal(r.status, 'success', r.error?.message);
			const out = r.output('C');
			const actions = byName(out);
			assert.equal(actions.Designers.action, 'create');
			assert.deepEqual(actions.Designers.users, ['acme/Zhang.San', 'acme/alice', 'acme/dave']);
			assert.deepEqual(actions.Designers.unmatched, ['ghost']);
			assert.equal(actions.Ops.action, 'skip', 'a local role of the same name is never adopted');
			assert.match(actions.Ops.reason, /no source \(a local role\)/);
			assert.equal(actions.Finance.action, 'create');
			const stored = emu.role('Designers');
			assert.match(stored.description, /^\[n8n-sync source=wecom:acme\] Mirrors WeCom tag 1 "Designers"/);
			assert.deepEqual([stored.displayName, stored.isEnabled, stored.users], ['Designers', true, ['acme/Zhang.San', 'acme/alice', 'acme/dave']]);
			assert.deepEqual(emu.role('Ops'), { ...emu.role('Ops'), description: 'made by hand', users: ['acme/dave'] });
			assert.deepEqual(
				{ ...summary(out), organization: undefined },
				{
					action: 'summary', mode: 'apply', organization: undefined, source: SOURCE, removalPolicy: 'empty', sourceRoles: 3, existingRoles: 0,
					created: 2, updated: 0, emptied: 0, deleted: 0, unchanged: 0, skipped: 1, failed: 0, membersAdded: 3, membersRemoved: 0, unmatchedUsers: 1,
				},
			);
			assert.deepEqual(r.items('C').find((i) => i.json.name === 'Finance').pairedItem, { item: 2 });
			assert.deepEqual(emu.log.filter((e) => e.method === 'GET').map((e) => e.path).sort(), ['/api/get-roles', '/api/get-users']);

			emu.clearLog();
			const again = await run(emu, syncParams(), input);
			assert.equal(summary(again.output('C')).unchanged, 2);
			assert.equal(writes(emu).length, 0, 'the second sync writes nothing');
		});
	});

	test('membership changes update only the changed roles; roles missing upstream are emptied (removals last), deleted, or ignored', async () => {
		await withEmu({ users: seedUsers() }, async (emu) => {
			await run(emu, syncParams(), [tag(1, 'A', ['alice', 'bob']), tag(2, 'B', ['carol']), tag(3, 'C', ['alice'])]);
			emu.clearLog();
			// Tags built by hand: removing the roles missing from them needs the input declared complete.
			const r = await run(emu, syncParams({ syncOptions: { allowLargeRemovals: true, inputIsComplete: true } }), [tag(1, 'A', ['alice', 'carol']), tag(2, 'B', ['carol'])]);
			const actions = byName(r.output('C'));
			assert.deepEqual([actions.A.action, actions.A.added, actions.A.removed, actions.A.changed], ['update', ['acme/carol'], ['acme/bob'], ['users']]);
			assert.equal(actions.C.action, 'empty');
			assert.deepEqual(emu.role('C').users, []);
			assert.deepEqual(writes(emu).map((w) => w.body.name), ['A', 'C'], 'the removal runs last; unchanged B is not written');
			assert.match(emu.role('C').description, /^\[n8n-sync/, 'emptying keeps the role and its marker');

			const deleted = await run(emu, syncParams({ roleRemovalPolicy: 'delete', syncOptions: { allowLargeRemovals: true, inputIsComplete: true } }), [tag(1, 'A', ['alice', 'carol'])]);
			assert.deepEqual(Object.values(byName(deleted.output('C'))).map((a) => [a.name, a.action]).sort(), [['B', 'delete'], ['C', 'delete']]);
			assert.equal(emu.role('B'), undefined);

			emu.clearLog();
			const ignored = await run(emu, syncParams({ roleRemovalPolicy: 'ignore' }), [tag(2, 'B2', ['bob'])]);
			assert.equal(byName(ignored.output('C')).A.action, 'skip');
			assert.deepEqual(emu.role('A').users, ['acme/alice', 'acme/carol']);
		});
	});

	test("roles of another source and local roles are never changed or removed", async () => {
		const other = { name: 'Theirs', description: '[n8n-sync source=dingtalk:other] Mirrors DingTalk role 5', users: ['acme/x'] };
		const mine = { name: 'Mine', description: `[n8n-sync source=${SOURCE}] Mirrors WeCom tag 9`, users: ['acme/alice'] };
		await withEmu({ users: seedUsers(), roles: [other, mine, { name: 'Local', users: ['acme/y'] }] }, async (emu) => {
			const r = await run(emu, syncParams({ roleRemovalPolicy: 'delete', syncOptions: { allowLargeRemovals: true, inputIsComplete: true } }), [tag(5, 'Theirs', ['bob'])]);
			const actions = byName(r.output('C'));
			assert.equal(actions.Theirs.action, 'skip');
			assert.match(actions.Theirs.reason, /source "dingtalk:other"/);
			assert.equal(actions.Mine.action, 'delete');
			assert.equal(actions.Local, undefined, 'a local role is not part of the plan');
			assert.deepEqual([emu.role('Theirs').users, emu.role('Local').users, emu.role('Mine')], [['acme/x'], ['acme/y'], undefined]);
		});
	});

	test('Dry Run writes nothing and shows the plan; the guard stops Apply before any write on an empty input or a large shrink', async () => {
		await withEmu({ users: seedUsers() }, async (emu) => {
			const preview = await run(emu, syncParams({ mode: 'dryRun' }), [tag(1, 'A', ['alice', 'bob', 'carol'])]);
			assert.equal(byName(preview.output('C')).A.status, 'planned');
			assert.equal(writes(emu).length, 0);
			await run(emu, syncParams(), [tag(1, 'A', ['alice', 'bob', 'carol', 'zhangsan', 'dave'].slice(0, 4)), tag(2, 'B', ['alice'])]);

			emu.clearLog();
			const empty = await run(emu, syncParams({ source: SOURCE }), [{ json: {} }]);
			assert.equal(empty.status, 'error');
			assert.match(empty.error.message, /Sync stopped before any write: the input has no roles, but 2 Casdoor roles/);
			assert.equal(writes(emu).length, 0);

			const shrink = await run(emu, syncParams(), [tag(1, 'A', ['alice']), tag(2, 'B', ['alice'])]);
			assert.equal(shrink.status, 'error');
			assert.match(shrink.error.message, /remove 3 of the 5 role memberships .* \(60%\), above the 20% limit/);
			assert.match(shrink.error.description, /Allow Large Removals/);
			const dry = await run(emu, syncParams({ mode: 'dryRun' }), [tag(1, 'A', ['alice']), tag(2, 'B', ['alice'])]);
			assert.match(summary(dry.output('C')).guard, /above the 20% limit/);
			assert.equal(writes(emu).length, 0);

			const allowed = await run(emu, syncParams({ syncOptions: { maxRemovalPercent: 60 } }), [tag(1, 'A', ['alice']), tag(2, 'B', ['alice'])]);
			assert.equal(allowed.status, 'success');
			assert.deepEqual(emu.role('A').users, ['acme/alice']);
		});
	});

	test('input problems stop the sync before any read: a non-role item, two sources, no source at all', async () => {
		await withEmu({ users: seedUsers() }, async (emu) => {
			const cases = [
				[[tag(1, 'A', ['alice']), { json: { error: 'boom' } }], /Input item 1 is not a directory role\. It carries an error from an earlier node: boom/],
				[[tag(1, 'A', ['alice']), { json: { tagId: 2, tagName: 'B' } }], /Input item 1 is not a directory role: it has no "userids" list/],
				[[tag(1, 'A', ['alice']), tag(2, 'B', [], { source: 'wecom:other' })], /Input item 1 is from source "wecom:other", but this sync is for source "wecom:acme"/],
				[[{ json: { name: 'X', userids: ['alice'] } }], /does not say whether it is a WeCom tag or a DingTalk role/],
				[[{ json: { tagId: 4, tagName: 'X', userids: [] } }], /No source tag/],
			];
			for (const [input, message] of cases) {
				const r = await run(emu, syncParams(), input);
				assert.equal(r.status, 'error');
				assert.match(r.error.message, message);
			}
			assert.equal(emu.log.length, 0);
			// The Source Tag parameter wins over the items' own (Get Members names the corp; Map may use a Source Name).
			const chosen = await run(emu, syncParams({ source: 'wecom:hq' }), [tag(1, 'A', ['alice']), tag(2, 'B', [], { source: 'wecom:other' })]);
			assert.equal(chosen.status, 'success', chosen.error?.message);
			assert.match(emu.role('A').description, /^\[n8n-sync source=wecom:hq\]/);
		});
	});

	test('a create whose answer was lost is retried; the "Duplicate entry" that follows is recognised as our own role', async () => {
		await withEmu({ users: seedUsers() }, async (emu) => {
			emu.injectFaults({ kind: 'resetAfterApply', path: '/api/add-role' });
			const r = await run(emu, syncParams(), [tag(1, 'A', ['alice'])]);
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(byName(r.output('C')).A.status, 'done');
			assert.equal(emu.log.filter((e) => e.path === '/api/add-role').length, 2);
			assert.deepEqual(emu.role('A').users, ['acme/alice']);
			// A role of the same name that is not ours is still a failure.
			emu.roles.set('acme/B', { owner: 'acme', name: 'B', description: 'local', users: [] });
			emu.injectFaults({ kind: 'reply', path: '/api/get-roles', body: { status: 'ok', msg: '', data: [] } });
			const clash = await run(emu, syncParams({ source: SOURCE }), [tag(1, 'A', ['alice']), tag(2, 'B', ['bob'])]);
			assert.match(clash.output('C', 1)[0].error, /create of role "B" failed: .*Duplicate entry/);
		});
	});

	test('Role Names "By ID" with a prefix; a failed write is an error item with Continue on fail and stops the run without it', async () => {
		await withEmu({ users: seedUsers() }, async (emu) => {
			const params = syncParams({ syncOptions: { roleNaming: 'id', rolePrefix: 'wx-' } });
			const r = await run(emu, params, [tag(12, 'Renamed Later', ['alice'])]);
			assert.equal(byName(r.output('C'))['wx-wecom-tag-12'].action, 'create');
			assert.equal(emu.role('wx-wecom-tag-12').displayName, 'Renamed Later');

			emu.injectFaults({ kind: 'error', path: '/api/update-role', msg: 'database is locked' });
			const failed = await run(emu, params, [tag(12, 'Renamed Later', ['alice', 'bob'])]);
			const [error] = failed.output('C', 1);
			assert.match(error.error, /update of role "wx-wecom-tag-12" failed: .*database is locked/);
			assert.equal(summary(failed.output('C')).failed, 1);

			emu.injectFaults({ kind: 'error', path: '/api/update-role', msg: 'database is locked' });
			const stopped = await run(emu, params, [tag(12, 'Renamed Later', ['alice', 'bob'])], {});
			assert.equal(stopped.status, 'error');
			assert.match(stopped.error.message, /Sync stopped at update of role "wx-wecom-tag-12"/);
		});
	});
});

describe('Sync Roles end to end', () => {
	test('IAM Users With Roles: Map to IAM User (tags merged into members) → Sync Roles; the role members are the mapped names', async () => {
		await withEmu({}, async (emu) => {
			const members = [
				{ userid: 'alice', name: 'Alice', status: 1, tags: [{ tagId: 1, tagName: 'UI' }, 'Ops'] },
				{ userid: 'bob@x', name: 'Bob', status: 1, tags: ['UI'] },
				{ userid: 'carol', name: 'Carol', status: 1, tags: [] },
			];
			const r = await runWorkflow({
				nodes: [
					node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme', mapOptions: { includeRoles: true } }, { name: 'Map' }),
					casdoor({ operation: 'syncRoles', mode: 'apply', roleInput: 'iamUsers', roleRemovalPolicy: 'empty' }),
				],
				credentials: casdoorCreds(emu),
				input: members.map((json) => ({ json })),
			});
			assert.equal(r.status, 'success', r.error?.message);
			const bob = r.output('Map')[1];
			assert.match(bob.name, /^bob-x-[0-9a-f]{8}$/);
			assert.deepEqual(bob.roles, ['acme/UI']);
			assert.deepEqual(emu.role('UI').users, ['acme/alice', `acme/${bob.name}`].sort());
			assert.deepEqual(emu.role('Ops').users, ['acme/alice']);
			assert.match(emu.role('UI').description, /^\[n8n-sync source=wecom:acme\]/);
		});
	});
});
