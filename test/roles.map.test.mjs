// Map to IAM User's role and administrator options, through the engine (no directory call):
// tags / roles merged into members become "roles" (the names Sync Roles gives them), isAdmin
// from an administrators list or the member's own flag; and through Sync Users, isAdmin
// reaches Casdoor while "roles" never does.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const credentials = {
	weComApi: { corpId: 'wwacme', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
	dingTalkApi: { appKey: 'dingacme', appSecret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
};

async function map(type, members, mapOptions, extra = {}) {
	const resource = type === 'weCom' ? 'member' : 'user';
	return await runWorkflow({
		nodes: [node(type, { resource, operation: 'mapToIamUser', organization: 'acme', sourceName: 'hq', mapOptions }, { name: 'Map', ...extra })],
		credentials,
		input: members.map((json) => ({ json })),
	});
}

test('WeCom: merged tags (names or {tagId, tagName}) become sorted "roles"; By ID and a prefix name them as Sync Roles does; off by default', async () => {
	const member = { userid: 'alice', name: 'Alice', status: 1, tags: ['Ops', { tagId: 12, tagName: 'UI / UX' }, { tagid: 3, tagname: 'Ops' }] };
	const byName = await map('weCom', [member, { userid: 'bob', name: 'Bob', status: 1 }], { includeRoles: true });
	const [alice, bob] = byName.output('Map');
	assert.equal(alice.roles.length, 2, 'Ops once, though two entries name it');
	assert.equal(alice.roles[0], 'acme/Ops');
	assert.match(alice.roles[1], /^acme\/UI _ UX-[0-9a-f]{8}$/, '"/" cannot be in a role name: replaced, and a hash keeps it unique');
	assert.deepEqual(bob.roles, [], 'a member without tags has no roles');

	const byId = await map('weCom', [{ ...member, tags: [{ tagId: 12, tagName: 'UI' }, { tagid: 3 }] }], { includeRoles: true, roleNaming: 'id', rolePrefix: 'wx-' });
	assert.deepEqual(byId.output('Map')[0].roles, ['acme/wx-wecom-tag-12', 'acme/wx-wecom-tag-3']);

	const off = await map('weCom', [member], {});
	assert.equal('roles' in off.output('Map')[0], false);
	assert.equal('isAdmin' in off.output('Map')[0], false, 'isAdmin is left alone unless asked for');
});

test('a tag that cannot be named fails its item, naming the field; the other items are mapped', async () => {
	const r = await map(
		'weCom',
		[{ userid: 'alice', status: 1, tags: ['UI'] }, { userid: 'bob', status: 1, tags: 'UI' }],
		{ includeRoles: true, roleNaming: 'id' },
		{ onError: 'continueErrorOutput' },
	);
	const errors = r.output('Map', 1);
	assert.equal(errors.length, 2);
	assert.equal(errors[0].message.field, 'tags');
	assert.match(errors[0].error, /entry 1 has no ID \(Role Names is "By ID"\)/);
	assert.match(errors[1].error, /must be a list/);
});

test('isAdmin: true for listed userids (text or an expression list), false for the others; or from the member\'s own flag', async () => {
	const members = [
		{ userid: 'alice', status: 1 },
		{ userid: 'bob', status: 1, isAdmin: true },
		{ userid: 'carol', status: 1 },
	];
	const listed = await map('weCom', members, { administrators: 'alice, dave' });
	assert.deepEqual(listed.output('Map').map((u) => u.isAdmin), [true, false, false]);
	const expression = await map('weCom', members, { administrators: '={{ ["carol"] }}' });
	assert.deepEqual(expression.output('Map').map((u) => u.isAdmin), [false, false, true]);
	const flagged = await map('weCom', members, { adminFromMember: true });
	assert.deepEqual(flagged.output('Map').map((u) => u.isAdmin), [false, true, false]);
	const both = await map('weCom', members, { adminFromMember: true, administrators: 'alice' });
	assert.deepEqual(both.output('Map').map((u) => u.isAdmin), [true, true, false]);
});

test("DingTalk: role_list (User → Get, raw) and roles (simplified) become \"roles\"; DingTalk's admin flag sets isAdmin", async () => {
	const users = [
		{ userid: 'u1', job_number: 'E1', active: true, admin: true, role_list: [{ id: 1, name: '主管理员', group_name: '默认' }, { id: 3, name: '经理', group_name: '职务' }] },
		{ userid: 'u2', active: true, admin: false, roles: [{ id: 3, name: '经理', groupName: '职务' }] },
	];
	const r = await map('dingTalk', users, { includeRoles: true, adminFromMember: true });
	const [u1, u2] = r.output('Map');
	assert.deepEqual([u1.name, u1.roles, u1.isAdmin], ['E1', ['acme/主管理员', 'acme/经理'], true]);
	assert.deepEqual([u2.name, u2.roles, u2.isAdmin], ['u2', ['acme/经理'], false]);
	const byId = await map('dingTalk', users, { includeRoles: true, roleNaming: 'id' });
	assert.deepEqual(byId.output('Map')[1].roles, ['acme/dingtalk-role-3']);
});

test('through Sync Users: isAdmin is written for the listed administrators, "roles" never reaches Casdoor, a second run writes nothing', async () => {
	const emu = await startCasdoorEmulator({});
	try {
		const members = [
			{ userid: 'alice', name: 'Alice', status: 1, tags: ['UI'] },
			{ userid: 'bob', name: 'Bob', status: 1, tags: [] },
		];
		const sync = async () =>
			await runWorkflow({
				nodes: [
					node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'hq', mapOptions: { includeRoles: true, administrators: 'alice' } }, { name: 'Map' }),
					node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply' }, { name: 'Sync' }),
				],
				credentials: { ...credentials, casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' } },
				input: members.map((json) => ({ json })),
			});
		const first = await sync();
		assert.equal(first.status, 'success', first.error?.message);
		assert.deepEqual([emu.user('alice').isAdmin, emu.user('bob').isAdmin], [true, false]);
		for (const call of emu.log.filter((e) => e.path === '/api/add-user')) assert.equal('roles' in call.body, false);
		emu.clearLog();
		await sync();
		assert.equal(emu.log.filter((e) => e.method === 'POST').length, 0);
	} finally {
		await emu.close();
	}
});
