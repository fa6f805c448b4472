// Self-test of the tag, role and administrator endpoints of the three emulators, driven
// directly with fetch (no product code): the shapes and errcodes docs/roles-reference.md
// records, which the node tests rely on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startCasdoorEmulator } from './casdoor.mjs';
import { startDingTalkEmulator } from './dingtalk.mjs';
import { generateOrg } from './orgGenerator.mjs';
import { startWeComEmulator } from './wecom.mjs';

async function json(url, method, body, headers = {}) {
	const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	return await res.json();
}

describe('WeCom emulator: tags and administrators', () => {
	const org = generateOrg({ users: 30, departments: 5, seed: 2 });
	let emu;
	const tokens = {};
	const call = async (kind, method, path, { query = {}, body } = {}) => {
		const url = new URL(`/cgi-bin/${path}`, emu.url);
		for (const [k, v] of Object.entries({ access_token: tokens[kind], ...query })) url.searchParams.set(k, String(v));
		return await json(url, method, body);
	};
	before(async () => {
		emu = await startWeComEmulator({ org, tags: [{ tagid: 1, tagname: 'A', users: [org.users[0].userid] }, { tagid: 2, tagname: 'Mine', owner: 'app' }] });
		for (const kind of ['contacts', 'app']) {
			tokens[kind] = (await json(`${emu.url}/cgi-bin/gettoken?corpid=${emu.corpId}&corpsecret=${emu.secrets[kind]}`, 'GET')).access_token;
		}
	});
	after(() => emu.close());

	test('tag/create: name length 40072, taken name 40071, taken id 40068; the next id otherwise', async () => {
		assert.equal((await call('contacts', 'POST', 'tag/create', { body: { tagname: 'x'.repeat(33) } })).errcode, 40072);
		assert.equal((await call('contacts', 'POST', 'tag/create', { body: { tagname: 'A' } })).errcode, 40071);
		assert.equal((await call('contacts', 'POST', 'tag/create', { body: { tagname: 'B', tagid: 1 } })).errcode, 40068);
		assert.deepEqual(await call('contacts', 'POST', 'tag/create', { body: { tagname: 'B' } }), { errcode: 0, errmsg: 'ok', tagid: 3 });
	});

	test('tagid missing 41017, unknown 40068; tag/get lists members with names and departments', async () => {
		assert.equal((await call('contacts', 'GET', 'tag/get')).errcode, 41017);
		assert.equal((await call('contacts', 'GET', 'tag/get', { query: { tagid: 99 } })).errcode, 40068);
		const got = await call('app', 'GET', 'tag/get', { query: { tagid: 1 } });
		assert.deepEqual(got.userlist, [{ userid: org.users[0].userid, name: org.users[0].name }]);
		assert.deepEqual(got.partylist, []);
	});

	test('addtagusers: list rules 40035; partial success lists invalidlist as "a|b" and invalidparty as an array; all invalid 40070; deltagusers all invalid 40031', async () => {
		assert.equal((await call('contacts', 'POST', 'tag/addtagusers', { body: { tagid: 1 } })).errcode, 40035);
		assert.equal((await call('contacts', 'POST', 'tag/addtagusers', { body: { tagid: 1, userlist: 'a|b' } })).errcode, 40035);
		const big = Array.from({ length: 1001 }, (_, k) => `u${k}`);
		assert.equal((await call('contacts', 'POST', 'tag/addtagusers', { body: { tagid: 1, userlist: big } })).errcode, 40035);
		const partial = await call('contacts', 'POST', 'tag/addtagusers', { body: { tagid: 1, userlist: [org.users[1].userid, 'x1', 'x2'], partylist: [2, 999] } });
		assert.deepEqual([partial.errcode, partial.invalidlist, partial.invalidparty], [0, 'x1|x2', [999]]);
		assert.equal((await call('contacts', 'POST', 'tag/addtagusers', { body: { tagid: 1, userlist: ['x1'] } })).errcode, 40070);
		assert.equal((await call('contacts', 'POST', 'tag/deltagusers', { body: { tagid: 1, userlist: ['x1'] } })).errcode, 40031);
	});

	test('only the creator changes a tag: console tags the contacts-sync secret, app tags the app secret (48002 otherwise)', async () => {
		assert.equal((await call('app', 'POST', 'tag/update', { body: { tagid: 1, tagname: 'Z' } })).errcode, 48002);
		assert.equal((await call('contacts', 'POST', 'tag/update', { body: { tagid: 2, tagname: 'Z' } })).errcode, 48002);
		assert.equal((await call('app', 'POST', 'tag/update', { body: { tagid: 2, tagname: 'Z' } })).errcode, 0);
		assert.equal((await call('contacts', 'GET', 'tag/delete', { query: { tagid: 2 } })).errcode, 48002);
		assert.equal((await call('app', 'GET', 'tag/delete', { query: { tagid: 2 } })).errcode, 0);
	});

	test('agent/get_admin_list: the app secret and its own agentid; 48002, 41011, 40056, 301002 otherwise', async () => {
		const ok = await call('app', 'POST', 'agent/get_admin_list', { body: { agentid: 1000002 } });
		assert.deepEqual(ok.admin, [{ userid: org.users[0].userid, auth_type: 1 }, { userid: org.users[1].userid, auth_type: 0 }]);
		assert.equal((await call('contacts', 'POST', 'agent/get_admin_list', { body: { agentid: 1000002 } })).errcode, 48002);
		assert.equal((await call('app', 'POST', 'agent/get_admin_list', { body: {} })).errcode, 41011);
		assert.equal((await call('app', 'POST', 'agent/get_admin_list', { body: { agentid: '1000002' } })).errcode, 40056);
		assert.equal((await call('app', 'POST', 'agent/get_admin_list', { body: { agentid: 7 } })).errcode, 301002);
	});
});

describe('DingTalk emulator: roles and administrators', () => {
	const org = generateOrg({ users: 20, departments: 3, seed: 4 });
	let emu;
	let token;
	const call = async (path, body) => await json(`${emu.url}/topapi/${path}?access_token=${token}`, 'POST', body);
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500 });
		token = (await json(`${emu.url}/gettoken?appkey=${emu.appKey}&appsecret=${emu.appSecret}`, 'GET')).access_token;
	});
	after(() => emu.close());

	test('role/list pages over role groups (size 1..200, else 40069); getrole answers a top-level "role"', async () => {
		const first = await call('role/list', { offset: 0, size: 1 });
		assert.deepEqual(first.result, { hasMore: true, nextCursor: 1, list: [{ groupId: 1, name: '默认', roles: [{ id: 1, name: '主管理员' }, { id: 2, name: '子管理员' }] }] });
		assert.equal((await call('role/list', { size: 201 })).errcode, 40069);
		const role = await call('role/getrole', { roleId: 3 });
		assert.deepEqual([role.role, role.result], [{ name: '经理', groupId: 2 }, undefined]);
		assert.equal((await call('role/getrole', { roleId: 999 })).errcode, 40035);
	});

	test('addrolesforemps: comma-separated strings, ≤ 20 roles and ≤ 100 users, unknown user 60121 changes nothing; simplelist and role_list follow', async () => {
		const [a, b] = org.users.slice(5).map((u) => u.userid);
		assert.equal((await call('role/addrolesforemps', { roleIds: [3], userIds: a })).errcode, 40035);
		assert.equal((await call('role/addrolesforemps', { roleIds: Array.from({ length: 21 }, (_, k) => k + 1).join(','), userIds: a })).errcode, 40035);
		assert.equal((await call('role/addrolesforemps', { roleIds: '3', userIds: Array.from({ length: 101 }, () => a).join(',') })).errcode, 40035);
		assert.equal((await call('role/addrolesforemps', { roleIds: '3', userIds: `${a},ghost` })).errcode, 60121);
		assert.equal(emu.state.roles.get(3).members.size, 0, 'all or nothing');
		assert.equal((await call('role/addrolesforemps', { roleIds: '3,4', userIds: `${a},${b}` })).errcode, 0);
		const members = await call('role/simplelist', { role_id: 3, offset: 0, size: 1 });
		assert.deepEqual(members.result, { hasMore: true, nextCursor: 1, list: [{ userid: a, name: org.users[5].name, manageScopes: [] }] });
		const user = await call('v2/user/get', { userid: b });
		assert.deepEqual(user.result.role_list.map((r) => r.name).sort(), ['主管', '经理']);
		assert.equal((await call('role/removerolesforemps', { roleIds: '3', userIds: `${a},${b}` })).errcode, 0);
		assert.equal(emu.state.roles.get(3).members.size, 0);
	});

	test('user/listadmin: every administrator, the first one primary (sys_level 1)', async () => {
		const admins = [...emu.state.users.values()].filter((u) => u.admin).map((u) => u.userid);
		assert.deepEqual((await call('user/listadmin', {})).result, admins.map((userid, i) => ({ userid, sys_level: i === 0 ? 1 : 2 })));
	});
});

describe('Casdoor emulator: roles', () => {
	let emu;
	let auth;
	const call = async (method, path, { qs = {}, body } = {}) => {
		const url = new URL(path, emu.url);
		for (const [k, v] of Object.entries(qs)) url.searchParams.set(k, v);
		return await json(url, method, body, { authorization: auth, 'content-type': 'application/json' });
	};
	before(async () => {
		emu = await startCasdoorEmulator({});
		auth = `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString('base64')}`;
	});
	after(() => emu.close());

	test('add-role refuses a duplicate; get-role answers null when missing; lists never set are null', async () => {
		assert.equal((await call('POST', '/api/add-role', { body: { owner: 'acme', name: 'r1', displayName: 'R1' } })).data, 'Affected');
		assert.match((await call('POST', '/api/add-role', { body: { owner: 'acme', name: 'r1' } })).msg, /Duplicate entry/);
		assert.equal((await call('GET', '/api/get-role', { qs: { id: 'acme/nope' } })).data, null);
		const role = (await call('GET', '/api/get-role', { qs: { id: 'acme/r1' } })).data;
		assert.deepEqual([role.users, role.groups, role.isEnabled], [null, null, false]);
	});

	test('update-role writes every column: omitted ones are zeroed; a missing role is "Unaffected"; get-roles pages with data2', async () => {
		await call('POST', '/api/update-role', { qs: { id: 'acme/r1' }, body: { owner: 'acme', name: 'r1', displayName: 'R1', users: ['acme/a'], description: 'd' } });
		await call('POST', '/api/update-role', { qs: { id: 'acme/r1' }, body: { owner: 'acme', name: 'r1', users: ['acme/b'] } });
		const role = emu.role('r1');
		assert.deepEqual([role.displayName, role.description, role.users], ['', '', ['acme/b']]);
		assert.equal((await call('POST', '/api/update-role', { qs: { id: 'acme/none' }, body: { owner: 'acme', name: 'none' } })).data, 'Unaffected');
		await call('POST', '/api/add-role', { body: { owner: 'acme', name: 'r2' } });
		const page = await call('GET', '/api/get-roles', { qs: { owner: 'acme', p: '1', pageSize: '1' } });
		assert.deepEqual([page.data.length, page.data2], [1, 2]);
		assert.equal((await call('POST', '/api/delete-role', { body: { owner: 'acme', name: 'r2' } })).data, 'Affected');
		assert.equal((await call('POST', '/api/delete-role', { body: { owner: 'acme', name: 'r2' } })).data, 'Unaffected');
	});
});
