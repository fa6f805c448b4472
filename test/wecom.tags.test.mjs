// WeCom tags and app administrators through the n8n engine against the WeCom emulator:
// Get Many, Get Members, Create, Update, Delete, Add / Remove Members (chunked to 1000 users
// and 100 departments per call, invalid ones reported on the item), per-item errors,
// validation before any call, and Administrators → Get Many.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { listSearch, node, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 2600, departments: 160, seed: 11 });
const userids = org.users.map((u) => u.userid);
const depts = org.departments.filter((d) => d.id !== 1).map((d) => d.id);

async function run(emu, parameters, { kind = 'contacts', input = [{ json: {} }], onError = 'continueErrorOutput', credentials } = {}) {
	return await runWorkflow({
		nodes: [node('weCom', { resource: 'tag', ...parameters }, { name: 'WeCom', ...(onError ? { onError } : {}) })],
		credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		input,
	});
}

const rl = (value) => ({ __rl: true, mode: 'id', value: String(value) });
const calls = (emu, path) => emu.log.filter((e) => e.path === `/cgi-bin/${path}`);

describe('WeCom tags through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({
			org,
			tags: [
				{ tagid: 1, tagname: 'Designers', users: userids.slice(0, 3), parties: [depts[0]] },
				{ tagid: 2, tagname: 'Ops', users: [userids[5]] },
				{ tagid: 7, tagname: 'App tag', owner: 'app' },
			],
		});
	});
	after(async () => {
		await emu.close();
	});

	test('Get Many lists every tag; Limit cuts the list', async () => {
		const all = await run(emu, { operation: 'getMany', returnAll: true });
		assert.deepEqual(all.output('WeCom').slice(0, 3).map(({ directoryRead, ...tag }) => tag), [
			{ tagId: 1, tagName: 'Designers' },
			{ tagId: 2, tagName: 'Ops' },
			{ tagId: 7, tagName: 'App tag' },
		]);
		// Marked complete: Sync Roles may then remove the roles of tags missing from it; a cut list may not.
		assert.equal(all.output('WeCom')[0].directoryRead.complete, true);
		const some = await run(emu, { operation: 'getMany', returnAll: false, limit: 2 });
		assert.equal(some.output('WeCom').length, 2);
		assert.deepEqual([some.output('WeCom')[0].directoryRead.complete, some.output('WeCom')[0].directoryRead.incomplete], [false, 'limited']);
	});

	test("Get Members: one item per tag with userids, members, departments, the corp's source tag and a warning for whole departments", async () => {
		const r = await run(emu, { operation: 'getMembers', tagId: rl('={{ $json.tag }}') }, { input: [{ json: { tag: 1 } }, { json: { tag: 2 } }] });
		const [designers, ops] = r.output('WeCom');
		assert.deepEqual(designers.userids, userids.slice(0, 3));
		assert.deepEqual(designers.members[0], { userid: userids[0], name: org.users[0].name });
		assert.deepEqual(designers.departmentIds, [depts[0]]);
		assert.equal(designers.source, `wecom:${emu.corpId}`);
		assert.match(designers.warning, new RegExp(`Departments ${depts[0]} are tagged as a whole`));
		assert.deepEqual([ops.tagId, ops.tagName, ops.userids, ops.warning], [2, 'Ops', [userids[5]], undefined]);
		assert.deepEqual(r.items('WeCom').map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
	});

	test("Get Members with the app secret lists only members inside the app's visible scope", async () => {
		const inScope = org.users.find((u) => u.departments.includes(depts[1]));
		const outOfScope = org.users.find((u) => !u.departments.some((d) => emuScope(depts[1]).has(d)));
		emu.tags.set(20, { tagid: 20, tagname: 'Scoped', users: new Set([inScope.userid, outOfScope.userid]), parties: new Set(), owner: 'console' });
		emu.setOption('appScope', [depts[1]]);
		try {
			const r = await run(emu, { operation: 'getMembers', tagId: rl(20) }, { kind: 'app' });
			assert.deepEqual(r.output('WeCom')[0].userids, [inScope.userid]);
		} finally {
			emu.setOption('appScope', [1]);
			emu.tags.delete(20);
		}
	});

	function emuScope(root) {
		const set = new Set();
		const stack = [root];
		while (stack.length) {
			const id = stack.pop();
			set.add(id);
			for (const d of org.departments) if (d.parentId === id) stack.push(d.id);
		}
		return set;
	}

	test('Create: a new tag with a chosen ID; an existing name fails, or with "Use the Existing Tag" outputs the tag found by name', async () => {
		emu.clearLog();
		const created = await run(emu, { operation: 'create', tagName: 'Finance', ifExists: 'fail', tagOptions: { tagId: '40' } });
		assert.deepEqual(created.output('WeCom'), [{ tagId: 40, tagName: 'Finance', action: 'created' }]);
		assert.deepEqual(calls(emu, 'tag/create')[0].body, { tagname: 'Finance', tagid: 40 });
		assert.equal(emu.tags.get(40).owner, 'contacts');

		const again = await run(emu, { operation: 'create', tagName: 'Finance', ifExists: 'fail' });
		const [error] = again.output('WeCom', 1);
		assert.equal(error.message.errcode, 40071);
		assert.match(error.message.description, /already exists/);

		emu.clearLog();
		const reused = await run(emu, { operation: 'create', tagName: 'Finance', ifExists: 'useExisting' });
		assert.deepEqual(reused.output('WeCom'), [{ tagId: 40, tagName: 'Finance', action: 'existing' }]);
		assert.equal(calls(emu, 'tag/list').length, 1, 'the lookup happens only after 40071');

		emu.clearLog();
		const auto = await run(emu, { operation: 'create', tagName: 'Auto', ifExists: 'fail' });
		assert.equal(auto.output('WeCom')[0].tagId, 41, 'WeCom picks the next ID');
		assert.deepEqual(calls(emu, 'tag/create')[0].body, { tagname: 'Auto' });
	});

	test('Update renames; Delete removes; both only for the creator: a console tag with the app secret gets 48002 with the fix', async () => {
		const renamed = await run(emu, { operation: 'update', tagId: rl(40), tagName: 'Finance Team' });
		assert.deepEqual(renamed.output('WeCom'), [{ tagId: 40, tagName: 'Finance Team', updated: true }]);
		assert.equal(emu.tags.get(40).tagname, 'Finance Team');

		const refused = await run(emu, { operation: 'update', tagId: rl(1), tagName: 'Hijacked' }, { kind: 'app' });
		const [error] = refused.output('WeCom', 1);
		assert.equal(error.message.errcode, 48002);
		assert.match(error.message.description, /only the creator of a tag change it.*contacts-sync secret/);
		assert.equal(emu.tags.get(1).tagname, 'Designers');

		const deleted = await run(emu, { operation: 'delete', tagId: rl(41) });
		assert.deepEqual(deleted.output('WeCom'), [{ tagId: 41, deleted: true }]);
		assert.equal(emu.tags.has(41), false);
	});

	test('Add Members: 2500 users and 150 departments go in 3 calls of ≤1000 / ≤100; invalid ones are reported, the others added', async () => {
		emu.clearLog();
		emu.tagCalls.length = 0;
		const users = [...userids.slice(100, 2597), 'ghost1', 'ghost2', 'ghost3'];
		const parties = [...depts.slice(0, 149), 4040404];
		const r = await run(emu, { operation: 'addMembers', tagId: rl(40), users: '={{ $json.users }}', departments: parties.join(', ') }, { input: [{ json: { users } }] });
		const [item] = r.output('WeCom');
		assert.deepEqual(emu.tagCalls.map((c) => [c.users, c.parties]).sort((a, b) => b[0] - a[0] || b[1] - a[1]), [[1000, 100], [1000, 50], [500, 0]]);
		assert.equal(calls(emu, 'tag/addtagusers').length, 3);
		assert.equal(item.added.length, 2497);
		assert.equal(item.addedDepartments.length, 149);
		assert.deepEqual(item.invalidUsers, ['ghost1', 'ghost2', 'ghost3']);
		assert.deepEqual(item.invalidDepartments, [4040404]);
		assert.equal(item.calls, 3);
		assert.match(item.warning, /refused ghost1, ghost2, ghost3, department 4040404 .* The others were added/);
		assert.equal(emu.tags.get(40).users.size, 2497);
		assertNoSecrets(r, [emu.secrets.contacts, ...emu.issuedTokens()]);
	});

	test('Remove Members: 1200 users in 2 calls; the tag keeps the rest', async () => {
		emu.tagCalls.length = 0;
		const r = await run(emu, { operation: 'removeMembers', tagId: rl(40), users: userids.slice(100, 1300).join(','), departments: '' });
		const [item] = r.output('WeCom');
		assert.equal(item.removed.length, 1200);
		assert.deepEqual(emu.tagCalls.map((c) => c.users).sort(), [1000, 200]);
		assert.equal(emu.tags.get(40).users.size, 2497 - 1200);
		assert.equal(item.warning, undefined);
	});

	test('all members invalid: the item fails with 40070 (add) / 40031 (remove) and names them', async () => {
		const add = await run(emu, { operation: 'addMembers', tagId: rl(2), users: 'nobody1, nobody2', departments: '' });
		const [addError] = add.output('WeCom', 1);
		assert.equal(addError.message.errcode, 40070);
		assert.deepEqual(addError.message.invalidUsers, ['nobody1', 'nobody2']);
		assert.match(addError.message.description, /None of the userids and departments could be added/);
		const remove = await run(emu, { operation: 'removeMembers', tagId: rl(2), users: 'nobody1', departments: '' });
		assert.equal(remove.output('WeCom', 1)[0].message.errcode, 40031);
	});

	test('per-item errors: an unknown tag fails its item (40068), the next item still runs; paired items kept', async () => {
		const r = await run(
			emu,
			{ operation: 'addMembers', tagId: rl('={{ $json.tag }}'), users: '={{ $json.user }}', departments: '' },
			{ input: [{ json: { tag: 999, user: userids[9] } }, { json: { tag: 2, user: userids[9] } }] },
		);
		const [error] = r.output('WeCom', 1);
		assert.equal(error.message.errcode, 40068);
		assert.match(error.message.description, /tag ID is not valid or no tag has it/);
		assert.deepEqual(r.output('WeCom')[0].added, [userids[9]]);
		assert.deepEqual(r.items('WeCom', 1)[0].pairedItem, { item: 0 });
		assert.deepEqual(r.items('WeCom', 0)[0].pairedItem, { item: 1 });
	});

	test('invalid input is refused before any call, naming the field', async () => {
		emu.clearLog();
		const cases = [
			[{ operation: 'addMembers', tagId: rl(2), users: 'ok1, bad id!', departments: '' }, 'Members'],
			[{ operation: 'addMembers', tagId: rl(2), users: '', departments: '' }, 'Members'],
			[{ operation: 'addMembers', tagId: rl(2), users: '', departments: '3, x' }, 'Departments'],
			[{ operation: 'removeMembers', tagId: rl('={{ "abc" }}'), users: 'a', departments: '' }, 'Tag'],
			[{ operation: 'create', tagName: 'x'.repeat(33), ifExists: 'fail' }, 'Name'],
			[{ operation: 'create', tagName: 'ok', ifExists: 'fail', tagOptions: { tagId: '-3' } }, 'Tag ID'],
			[{ operation: 'update', tagId: rl(2), tagName: '  ' }, 'New Name'],
			[{ operation: 'getMembers', tagId: rl('={{ "" }}') }, 'Tag'],
		];
		for (const [params, field] of cases) {
			const r = await run(emu, params);
			const [error] = r.output('WeCom', 1);
			assert.equal(error.message.field, field, JSON.stringify(params));
		}
		assert.equal(emu.log.filter((e) => e.path !== '/cgi-bin/gettoken').length, 0, 'no API call for invalid input');
	});

	test('the tag picker lists "name (id)", filtered by name or ID', async () => {
		const def = node('weCom', { resource: 'tag', operation: 'getMembers' });
		const credentials = { weComApi: weComCredentials(emu, 'app') };
		const all = await listSearch(def, 'searchTags', { credentials });
		assert.deepEqual(all.results.slice(0, 2), [{ name: 'Designers (1)', value: '1' }, { name: 'Ops (2)', value: '2' }]);
		assert.deepEqual((await listSearch(def, 'searchTags', { credentials, filter: 'ops' })).results, [{ name: 'Ops (2)', value: '2' }]);
		assert.deepEqual((await listSearch(def, 'searchTags', { credentials, filter: '7' })).results, [{ name: 'App tag (7)', value: '7' }]);
	});

	test('without "Continue on fail" a failing item stops the node with the fix', async () => {
		const r = await run(emu, { operation: 'delete', tagId: rl(999) }, { onError: null });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /40068/);
	});
});

describe('WeCom administrators through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org: generateOrg({ users: 20, departments: 4, seed: 3 }), admins: [{ userid: 'boss', auth_type: 1 }, { userid: 'helper', auth_type: 0 }] });
	});
	after(async () => {
		await emu.close();
	});

	const admins = async (kind, credentials, onError = 'continueErrorOutput') =>
		await runWorkflow({
			nodes: [node('weCom', { resource: 'administrator', operation: 'getMany' }, { name: 'WeCom', onError })],
			credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		});

	test("Get Many: one item per administrator of the credential's app, with what they may do", async () => {
		emu.clearLog();
		const r = await admins('app');
		assert.deepEqual(r.output('WeCom'), [
			{ userid: 'boss', access: 'manage', authType: 1 },
			{ userid: 'helper', access: 'sendMessages', authType: 0 },
		]);
		assert.deepEqual(emu.log.find((e) => e.path === '/cgi-bin/agent/get_admin_list').body, { agentid: 1000002 });
	});

	test('an empty Agent ID stops the run once, before any call, with the fix', async () => {
		emu.clearLog();
		const r = await admins('app', { agentId: '' });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /Agent ID/);
		assert.match(r.error.description, /AgentId/);
		assert.equal(emu.log.filter((e) => e.path === '/cgi-bin/agent/get_admin_list').length, 0);
	});

	test('another app\'s Agent ID (301002) and the contacts-sync secret (48002) are explained', async () => {
		const wrong = await admins('app', { agentId: '1000099' });
		assert.equal(wrong.status, 'error');
		assert.match(wrong.error.description, /not the app this Secret belongs to/);
		const contacts = await admins('contacts');
		assert.match(contacts.error.description, /app's own secret and its Agent ID/);
	});
});
