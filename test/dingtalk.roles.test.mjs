// DingTalk roles and administrators through the n8n engine against the emulator: Get Many
// (role groups paged 200 at a time), Get Members (members paged), Add to Users / Remove From
// Users (20 roles × 20 / 100 users per call), per-item errors, validation before any call,
// permissions, and Administrators → Get Many with their level.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { listSearch, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, byId, calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

const org = generateOrg({ users: 500, departments: 8, seed: 21 });
const userids = org.users.map((u) => u.userid);

/** 210 role groups (two pages of role/list), group 1 holding the big role 1000 with 450 members. */
function roleGroups() {
	const groups = [{ groupId: 1, name: '默认', roles: [{ id: 1000, name: '全员', users: userids.slice(0, 450) }, { id: 1001, name: '财务', users: userids.slice(0, 2) }] }];
	for (let g = 2; g <= 210; g++) groups.push({ groupId: g, name: `组${g}`, roles: [{ id: 5000 + g, name: `角色${g}` }] });
	return groups;
}

describe('DingTalk roles through the engine', () => {
	let emu;
	let credentials;
	const run = (parameters, input, extra = { onError: 'continueErrorOutput' }) =>
		runWorkflow({ nodes: [dingTalk({ resource: 'role', ...parameters }, extra)], credentials, input });
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 1000, roleGroups: roleGroups() });
		credentials = dingTalkCredentials(emu);
	});
	after(async () => emu.close());

	test('Get Many follows hasMore over 210 role groups (2 pages of 200) and outputs one item per role, or per group', async () => {
		emu.clearLog();
		const r = await run({ operation: 'getMany', roleOutput: 'roles', returnAll: true });
		const roles = r.output('D');
		assert.equal(roles.length, 211);
		const { directoryRead, ...first } = roles[0];
		assert.deepEqual(first, { roleId: 1000, roleName: '全员', groupId: 1, groupName: '默认' });
		// The whole list is marked as such, so Sync Roles may empty the roles missing from it.
		assert.deepEqual([directoryRead.complete, directoryRead.members, directoryRead.scope], [true, 211, 'directory']);
		assert.deepEqual(calls(emu, 'role/list').map((c) => c.body), [{ offset: 0, size: 200 }, { offset: 200, size: 200 }]);

		const groups = await run({ operation: 'getMany', roleOutput: 'groups', returnAll: false, limit: 3 });
		assert.deepEqual(groups.output('D')[0], { groupId: 1, groupName: '默认', roles: [{ roleId: 1000, roleName: '全员' }, { roleId: 1001, roleName: '财务' }] });
		assert.equal(groups.output('D').length, 3);
		assertNoSecrets(r, emu);
	});

	test('Get Members reads every member (450: 3 pages of 200), the role name, and the app as source', async () => {
		emu.clearLog();
		const r = await run({ operation: 'getMembers', roleId: byId(1000) });
		const [item] = r.output('D');
		assert.equal(item.roleId, 1000);
		assert.equal(item.roleName, '全员');
		assert.equal(item.groupId, 1);
		assert.deepEqual(item.userids, userids.slice(0, 450));
		assert.deepEqual(item.members[0], { userid: userids[0], name: org.users[0].name, manageScopes: [] });
		assert.equal(item.source, `dingtalk:${emu.appKey}`);
		assert.deepEqual(calls(emu, 'role/simplelist').map((c) => c.body.offset), [0, 200, 400]);
		assert.deepEqual(calls(emu, 'role/getrole').map((c) => c.body), [{ roleId: 1000 }]);
	});

	test('Add to Users: 25 roles × 130 users go as (20 + 5 roles) × 20 users per call; Remove From Users 100 users per call', async () => {
		emu.clearLog();
		emu.state.roleCalls.length = 0;
		const roleIds = Array.from({ length: 25 }, (_, k) => 5002 + k);
		const users = userids.slice(200, 330);
		const added = await run({ operation: 'addToUsers', roleIds: '={{ $json.roles }}', userIds: users.join(',') }, [{ json: { roles: roleIds } }]);
		assert.deepEqual(added.output('D'), [{ roleIds, userids: users, added: true, calls: 14 }]);
		const sent = calls(emu, 'role/addrolesforemps');
		assert.equal(sent.length, 14);
		assert.ok(sent.every((c) => typeof c.body.roleIds === 'string' && typeof c.body.userIds === 'string'), 'comma-separated strings');
		assert.ok(sent.every((c) => c.body.userIds.split(',').length <= 20 && c.body.roleIds.split(',').length <= 20));
		for (const id of roleIds) assert.equal(emu.state.roles.get(id).members.size, 130, `role ${id}`);

		const removed = await run({ operation: 'removeFromUsers', roleIds: roleIds.join(', '), userIds: users.join(',') });
		assert.equal(removed.output('D')[0].calls, 4);
		assert.deepEqual(
			calls(emu, 'role/removerolesforemps').map((c) => c.body.userIds.split(',').length).sort((a, b) => a - b),
			[30, 30, 100, 100],
		);
		for (const id of roleIds) assert.equal(emu.state.roles.get(id).members.size, 0);
	});

	test('per-item errors: an unknown userid (60121) and an unknown role fail their items with the fix; the others run', async () => {
		const r = await run({ operation: 'addToUsers', roleIds: '={{ $json.roles }}', userIds: '={{ $json.users }}' }, [
			{ json: { roles: '1001', users: 'ghost.user' } },
			{ json: { roles: '999999', users: userids[3] } },
			{ json: { roles: '1001', users: userids[3] } },
		]);
		const errors = r.output('D', 1);
		assert.equal(errors[0].message.errcode, 60121);
		assert.match(errors[0].message.description, /No such current employee/);
		assert.deepEqual(errors[0].message.done, []);
		assert.equal(errors[1].message.errcode, 40035);
		assert.match(errors[1].message.description, /check the role IDs \(Role → Get Many\)/);
		assert.deepEqual(r.output('D'), [{ roleIds: [1001], userids: [userids[3]], added: true, calls: 1 }]);
		assert.deepEqual(r.items('D', 1).map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
		assert.ok(emu.state.roles.get(1001).members.has(userids[3]));
	});

	test('the role picker lists "group / role (id)", filtered by either name or the ID', async () => {
		const def = dingTalk({ resource: 'role', operation: 'getMembers' });
		const found = await listSearch(def, 'searchRoles', { credentials, filter: '财务' });
		assert.deepEqual(found.results, [{ name: '默认 / 财务 (1001)', value: '1001' }]);
		assert.deepEqual((await listSearch(def, 'searchRoles', { credentials, filter: '5007' })).results, [{ name: '组7 / 角色7 (5007)', value: '5007' }]);
		assert.equal((await listSearch(def, 'searchRoles', { credentials })).results.length, 211);
	});

	test('invalid input is refused before any call, naming the field', async () => {
		emu.clearLog();
		const cases = [
			[{ operation: 'addToUsers', roleIds: 'x', userIds: 'a' }, 'Role IDs'],
			[{ operation: 'addToUsers', roleIds: '={{ "" }}', userIds: 'a' }, 'Role IDs'],
			[{ operation: 'removeFromUsers', roleIds: '1', userIds: '={{ "" }}' }, 'User IDs'],
			[{ operation: 'removeFromUsers', roleIds: '1', userIds: '={{ ["a b"] }}' }, 'User IDs'],
			[{ operation: 'getMembers', roleId: byId('={{ "r1" }}') }, 'Role'],
		];
		for (const [params, field] of cases) {
			const r = await run(params);
			assert.equal(r.output('D', 1)[0]?.message.field, field, JSON.stringify(params));
		}
		assert.equal(emu.log.filter((e) => e.path !== '/gettoken').length, 0);
	});

	test('a missing role permission (88 / 60011) stops the run once with the fix, even with Continue on fail', async () => {
		emu.setOption('permissions', ['qyapi_get_member']);
		try {
			const r = await run({ operation: 'getMany', roleOutput: 'roles', returnAll: true });
			assert.equal(r.status, 'error');
			assert.match(r.error.description, /role management or the administrator list/);
		} finally {
			emu.setOption('permissions', null);
		}
	});
});

describe('DingTalk administrators and roles on the user', () => {
	let emu;
	let credentials;
	before(async () => {
		emu = await startDingTalkEmulator({ org: generateOrg({ users: 12, departments: 3, seed: 5 }), qps: 500 });
		credentials = dingTalkCredentials(emu);
	});
	after(async () => emu.close());

	test('Administrators → Get Many: one item per administrator with its level (1 primary, 2 sub)', async () => {
		const r = await runWorkflow({ nodes: [dingTalk({ resource: 'administrator', operation: 'getMany' })], credentials });
		const admins = [...emu.state.users.values()].filter((u) => u.admin).map((u) => u.userid);
		assert.deepEqual(r.output('D'), [
			{ userid: admins[0], level: 'primary', sysLevel: 1 },
			{ userid: admins[1], level: 'sub', sysLevel: 2 },
		]);
	});

	test("User → Get (simplified) carries the user's roles, in the shape Map to IAM User reads", async () => {
		const admin = [...emu.state.users.values()].find((u) => u.admin).userid;
		const r = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'get', userId: admin, output: 'simplified' })], credentials });
		assert.deepEqual(r.output('D')[0].roles, [{ id: 1, name: '主管理员', groupName: '默认' }]);
	});
});
