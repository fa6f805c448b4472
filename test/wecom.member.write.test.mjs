// Member writes through the n8n engine against the WeCom emulator: create with every field,
// idempotent re-runs, conflicts, permissions, update, delete, delete many, invite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 80, departments: 10, seed: 31 });
const depts = org.departments.filter((d) => d.id !== 1).map((d) => d.id);

async function run(emu, parameters, { kind = 'contacts', input = [{ json: {} }], onError = 'continueErrorOutput', credentials } = {}) {
	return await runWorkflow({
		nodes: [node('weCom', { resource: 'member', ...parameters }, { name: 'WeCom', ...(onError ? { onError } : {}) })],
		credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		input,
	});
}

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const creates = (emu) => emu.log.filter((e) => e.path === '/cgi-bin/user/create');

describe('Member Create through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('every field of seed 004 reaches WeCom; departments from the picker and from an expression', async () => {
		emu.clearLog();
		const leader = org.users[0].userid;
		const r = await run(
			emu,
			{
				operation: 'create',
				userId: '={{ $json.userid }}',
				name: '={{ $json.name }}',
				mobile: '+86 13911110001',
				email: 'new.hire@example.com',
				departments: {
					department: [
						{ departmentId: rl(String(depts[0]), 'list'), order: 10, isLeader: true, isMain: false },
						{ departmentId: rl('={{ $json.dept }}'), order: 0, isLeader: false, isMain: true },
					],
				},
				ifExists: 'fail',
				additionalFields: {
					alias: 'Newbie', position: 'Engineer', gender: '2', bizMail: 'new.hire@biz.example.com', telephone: '0755-1234',
					directLeader: leader, avatarMediaId: 'MEDIA1', address: 'Shenzhen', enabled: false, toInvite: false,
					extattr: '{"attrs": [{"type": 0, "name": "工号", "text": {"value": "E100"}}]}',
					externalProfile: '{"external_corp_name": "Acme"}', externalPosition: 'Lead',
				},
			},
			{ input: [{ json: { userid: 'new.hire', name: '新同事', dept: depts[1] } }] },
		);
		assert.equal(r.status, 'success', r.error?.message);
		assert.deepEqual(r.output('WeCom'), [{ userid: 'new.hire', name: '新同事', action: 'created' }]);
		const [call] = creates(emu);
		assert.deepEqual(call.body, {
			userid: 'new.hire', name: '新同事', alias: 'Newbie', mobile: '+86 13911110001', email: 'new.hire@example.com',
			biz_mail: 'new.hire@biz.example.com', telephone: '0755-1234', position: 'Engineer', gender: '2', direct_leader: [leader],
			avatar_mediaid: 'MEDIA1', address: 'Shenzhen', enable: 0, extattr: { attrs: [{ type: 0, name: '工号', text: { value: 'E100' } }] },
			external_profile: { external_corp_name: 'Acme' }, external_position: 'Lead', department: [depts[0], depts[1]], order: [10, 0],
			is_leader_in_dept: [1, 0], main_department: depts[1], to_invite: false,
		});
		const u = emu.state.users.get('new.hire');
		assert.deepEqual([u.departments, u.mainDepartment, u.status, u.enable, u.mobile], [[depts[0], depts[1]], depts[1], 4, 0, '13911110001']);
		assertNoSecrets(r, [emu.secrets.contacts, ...emu.issuedTokens()]);
	});

	// Two department rows per item, from the item: unknown IDs among them.
	const twoDepartments = { department: [{ departmentId: rl('={{ $json.d1 }}'), order: 0, isLeader: false, isMain: false }, { departmentId: rl('={{ $json.d2 }}'), order: 0, isLeader: false, isMain: false }] };
	const createFromItem = (extra = {}) => ({
		operation: 'create', userId: '={{ $json.id }}', name: 'N', mobile: '', email: '={{ $json.id }}@example.com',
		departments: twoDepartments, ifExists: 'fail', ...extra,
	});

	test('If a Department Does Not Exist = Fail (default): those items are refused before any write, naming the field, the IDs and the fix; the others are created', async () => {
		emu.clearLog();
		const r = await run(emu, createFromItem(), {
			input: [
				{ json: { id: 'dept.ok1', d1: depts[0], d2: depts[1] } },
				{ json: { id: 'dept.bad1', d1: depts[0], d2: 4040404 } },
				{ json: { id: 'dept.bad2', d1: 4040405, d2: 4040406 } },
				{ json: { id: 'dept.ok2', d1: depts[2], d2: depts[3] } },
			],
		});
		assert.equal(r.status, 'success', r.error?.message);
		assert.deepEqual(r.items('WeCom').map((i) => [i.json.userid, i.json.action, i.json.warning, i.pairedItem.item]), [['dept.ok1', 'created', undefined, 0], ['dept.ok2', 'created', undefined, 3]]);
		const errors = r.items('WeCom', 1);
		assert.deepEqual(errors.map((i) => [i.pairedItem.item, i.json.message.field]), [[1, 'Departments'], [2, 'Departments']]);
		assert.match(errors[0].json.error, /department 4040404 does not exist \(WeCom would create it under "待设置部门"\)/);
		assert.match(errors[1].json.error, /departments 4040405, 4040406 do not exist/);
		for (const e of errors) assert.match(e.json.error, /set "If a Department Does Not Exist" to "Let WeCom Create It"/);
		// No write for the refused items; the departments were read once for the whole run.
		assert.deepEqual(creates(emu).map((c) => c.body.userid), ['dept.ok1', 'dept.ok2']);
		assert.equal(emu.count('department/simplelist'), 1, 'the departments are read once per run, not per item');
		assert.ok(![4040404, 4040405, 4040406].some((id) => emu.state.departments.has(id)));
		assert.equal(emu.state.users.get('dept.bad1'), undefined);
	});

	test('If a Department Does Not Exist = Let WeCom Create It: sent as is, WeCom files the member under 待设置部门, the item warns with created_department_list', async () => {
		emu.clearLog();
		const r = await run(emu, createFromItem({ ifDepartmentMissing: 'create', mobile: '={{ $json.mobile ?? "" }}' }), {
			input: [
				{ json: { id: 'auto.new', d1: depts[0], d2: 5050501 } },
				{ json: { id: 'auto.known', d1: depts[0], d2: depts[1] } },
				{ json: { id: 'auto.invalid', d1: 5050502, d2: depts[1], mobile: 'call me' } },
			],
		});
		assert.equal(r.status, 'success', r.error?.message);
		const [made, known] = r.output('WeCom');
		assert.equal(made.action, 'created');
		assert.deepEqual(made.createdDepartments, [{ name: '5050501', id: 5050501 }]);
		assert.deepEqual(made.missingDepartments, [5050501]);
		assert.match(made.warning, /Department 5050501 did not exist when this run read WeCom's departments\. WeCom created department 5050501 "5050501" under "待设置部门".*created_department_list.*wrong department ID/);
		assert.deepEqual(known, { userid: 'auto.known', name: 'N', action: 'created' });
		const [invalid] = r.items('WeCom', 1);
		assert.deepEqual([invalid.pairedItem.item, invalid.json.message.field], [2, 'Mobile']);
		// The unknown ID went to WeCom unchanged; WeCom made it a department under 待设置部门.
		assert.deepEqual(creates(emu).map((c) => [c.body.userid, c.body.department]), [['auto.new', [depts[0], 5050501]], ['auto.known', [depts[0], depts[1]]]]);
		const pending = [...emu.state.departments.values()].find((d) => d.name === '待设置部门');
		assert.equal(emu.state.departments.get(5050501).parentId, pending.id);
		assert.deepEqual(emu.state.users.get('auto.new').departments, [depts[0], 5050501]);
		assert.ok(!emu.state.departments.has(5050502), 'the invalid item made no call');
		assert.equal(emu.count('department/simplelist'), 1);
	});

	test('If the member already exists: fail (default), skip with a lookup, or update it instead', async () => {
		const existing = org.users.find((u) => u.status === 1 && u.mobile && u.email && u.departments.length === 1);
		const params = (ifExists) => ({
			operation: 'create', userId: existing.userid, name: 'Renamed', mobile: existing.mobile, email: '',
			departments: {}, ifExists, additionalFields: { position: 'Re-run' },
		});
		emu.clearLog();
		const failed = await run(emu, params('fail'));
		const [error] = failed.output('WeCom', 1);
		assert.equal(error.message.errcode, 60102);
		assert.match(error.message.description, /already exists.*"If the Member Already Exists".*Update It Instead.*Skip/);
		assert.equal(emu.count('user/get'), 0, 'fail mode needs no lookup');

		emu.clearLog();
		const skipped = await run(emu, params('skip'));
		const [s] = skipped.output('WeCom');
		assert.equal(s.action, 'skipped');
		assert.equal(s.existing.userid, existing.userid);
		assert.equal(s.existing.name, existing.name);
		assert.equal(emu.count('user/get'), 1);
		assert.equal(emu.count('user/update'), 0);
		assert.equal(emu.state.users.get(existing.userid).name, existing.name, 'skip leaves the member alone');

		emu.clearLog();
		const updated = await run(emu, { ...params('update'), mobile: '13911110003' });
		const [u] = updated.output('WeCom');
		assert.equal(u.action, 'updated');
		assert.match(u.warning, /ignores a new mobile number once the member has activated/);
		const after = emu.state.users.get(existing.userid);
		assert.deepEqual([after.name, after.position, after.mobile], ['Renamed', 'Re-run', existing.mobile]);
		const body = emu.log.find((e) => e.path === '/cgi-bin/user/update').body;
		assert.ok(!('to_invite' in body), 'user/update gets no create-only fields');
	});

	test('Skip still works when the contacts-sync secret may not read details from this IP (48009)', async () => {
		emu.setOption('newIp', true);
		try {
			const existing = org.users[3];
			const r = await run(emu, { operation: 'create', userId: existing.userid, name: 'X', mobile: '', email: 'x48009@example.com', departments: {}, ifExists: 'skip' });
			assert.equal(r.status, 'success', r.error?.message);
			const [item] = r.output('WeCom');
			assert.equal(item.action, 'skipped');
			assert.equal(item.existing, undefined);
			assert.match(item.warning, /cannot read its details/);
		} finally {
			emu.setOption('newIp', false);
		}
	});

	test('a userid that exists with different letter case is explained', async () => {
		const existing = org.users.find((u) => /[a-z]/.test(u.userid));
		const r = await run(emu, { operation: 'create', userId: existing.userid.toUpperCase(), name: 'X', mobile: '13911110004', email: '', departments: {}, ifExists: 'skip' });
		const [error] = r.output('WeCom', 1);
		assert.equal(error.message.errcode, 60102);
		assert.match(error.message.description, /only in letter case/);
	});

	test('mobile or email held by someone else: the holder is named', async () => {
		const holder = org.users.find((u) => u.mobile && u.email);
		const r = await run(
			emu,
			{ operation: 'create', userId: '={{ $json.id }}', name: 'Dup', mobile: '={{ $json.mobile }}', email: '={{ $json.email }}', departments: {}, ifExists: 'fail' },
			{ input: [{ json: { id: 'dup.mobile', mobile: holder.mobile, email: '' } }, { json: { id: 'dup.email', mobile: '', email: holder.email } }] },
		);
		const errors = r.output('WeCom', 1);
		assert.deepEqual(errors.map((e) => [e.message.errcode, e.message.heldBy]), [[60104, holder.userid], [60106, holder.userid]]);
		assert.match(errors[0].message.description, new RegExp(`already used by member "${holder.userid}"`));
		assert.deepEqual(r.items('WeCom', 1).map((i) => i.pairedItem.item), [0, 1]);
	});

	test('writing with the self-built app secret stops the run once, saying the contacts-sync secret is needed', async () => {
		emu.clearLog();
		const r = await run(emu, { operation: 'create', userId: '={{ $json.id }}', name: 'A', mobile: '', email: '={{ $json.id }}@example.com', departments: {}, ifExists: 'fail' }, {
			kind: 'app',
			input: [{ json: { id: 'app.one' } }, { json: { id: 'app.two' } }, { json: { id: 'app.three' } }],
		});
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /48002/);
		assert.match(r.error.description, /only the contacts-sync secret may create, update or delete.*Contacts Sync.*API editing/);
		assert.ok(creates(emu).length <= 3);
	});

	test('contacts sync without API editing (60011) gets the write hint too', async () => {
		emu.setOption('contactsEditing', false);
		try {
			const r = await run(emu, { operation: 'delete', userId: org.users[5].userid, ifMissing: 'fail' });
			assert.equal(r.status, 'error');
			assert.match(r.error.description, /60011.*no right to edit the directory.*contacts-sync secret/);
		} finally {
			emu.setOption('contactsEditing', true);
		}
	});

	test('the seat limit (45024) fails the item with an explanation', async () => {
		emu.setOption('seatLimit', emu.state.users.size);
		try {
			const r = await run(emu, { operation: 'create', userId: 'over.limit', name: 'O', mobile: '', email: 'over@example.com', departments: {}, ifExists: 'fail' });
			const [error] = r.output('WeCom', 1);
			assert.equal(error.message.errcode, 45024);
			assert.match(error.message.description, /member limit/);
		} finally {
			emu.setOption('seatLimit', null);
		}
	});
});

describe('Member Update, Delete, Delete Many, Invite through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('Update changes only the fields given; departments replaced when given', async () => {
		const target = org.users.find((u) => u.status === 4 && u.email);
		const before = { ...emu.state.users.get(target.userid) };
		emu.clearLog();
		const r = await run(emu, {
			operation: 'update', userId: target.userid,
			departments: { department: [{ departmentId: rl(String(depts[2])), order: 7, isLeader: true, isMain: true }] },
			updateFields: { position: 'Team Lead', mobile: '13911120001', alias: '' },
		});
		assert.deepEqual(r.output('WeCom'), [{ userid: target.userid, action: 'updated', updatedFields: ['mobile', 'position', 'department', 'order', 'is_leader_in_dept', 'main_department'] }]);
		const [call] = emu.log.filter((e) => e.path === '/cgi-bin/user/update');
		assert.deepEqual(call.body, { userid: target.userid, mobile: '13911120001', position: 'Team Lead', department: [depts[2]], order: [7], is_leader_in_dept: [1], main_department: depts[2] });
		const after = emu.state.users.get(target.userid);
		assert.deepEqual([after.position, after.mobile, after.departments, after.name, after.email], ['Team Lead', '13911120001', [depts[2]], before.name, before.email]);
	});

	test('Update, If a Department Does Not Exist: Fail refuses before the write, Let WeCom Create It sends and warns (one department read per run)', async () => {
		const [a, b, c] = org.users.filter((u) => u.email && emu.state.users.has(u.userid)).slice(-3).map((u) => u.userid);
		emu.clearLog();
		const r = await run(
			emu,
			{
				operation: 'update', userId: '={{ $json.id }}', ifDepartmentMissing: '={{ $json.mode }}',
				departments: { department: [{ departmentId: rl('={{ $json.dept }}'), order: 0, isLeader: false, isMain: false }] },
				updateFields: { position: 'Moved' },
			},
			{ input: [{ json: { id: a, dept: 6060601, mode: 'fail' } }, { json: { id: b, dept: 6060602, mode: 'create' } }, { json: { id: c, dept: depts[4], mode: 'create' } }] },
		);
		assert.equal(r.status, 'success', r.error?.message);
		const [refused] = r.items('WeCom', 1);
		assert.equal(refused.pairedItem.item, 0);
		assert.equal(refused.json.message.field, 'Departments');
		assert.match(refused.json.error, /department 6060601 does not exist.*"If a Department Does Not Exist" to "Let WeCom Create It"/);
		const [moved, plain] = r.output('WeCom');
		assert.deepEqual(moved.missingDepartments, [6060602]);
		assert.match(moved.warning, /Department 6060602 did not exist when this run read WeCom's departments\. WeCom accepted them.*user\/update.*created_department_list.*待设置部门/);
		assert.equal(plain.warning, undefined);
		assert.deepEqual(emu.log.filter((e) => e.path === '/cgi-bin/user/update').map((e) => e.body.userid), [b, c], 'no write for the refused item');
		assert.equal(emu.count('department/simplelist'), 1);
		assert.deepEqual(emu.state.users.get(b).departments, [6060602]);
		assert.ok(!emu.state.departments.has(6060601));
		assert.notEqual(emu.state.users.get(a).position, 'Moved');
	});

	test('Update with nothing to change, or an invalid field, makes no call', async () => {
		emu.clearLog();
		const r = await run(emu, { operation: 'update', userId: '={{ $json.id }}', departments: {}, updateFields: { telephone: '={{ $json.tel }}' } }, {
			input: [{ json: { id: org.users[1].userid, tel: '' } }, { json: { id: org.users[1].userid, tel: 'call me' } }],
		});
		assert.deepEqual(r.output('WeCom', 1).map((e) => e.message.field), ['Update Fields', 'Telephone']);
		assert.equal(emu.count(), 0);
	});

	test('Delete: deleted, or missing → fail / skip', async () => {
		const victim = org.users[10].userid;
		const r = await run(emu, { operation: 'delete', userId: '={{ $json.id }}', ifMissing: '={{ $json.mode }}' }, {
			input: [{ json: { id: victim, mode: 'fail' } }, { json: { id: victim, mode: 'fail' } }, { json: { id: victim, mode: 'skip' } }],
			onError: 'continueRegularOutput',
		});
		const out = r.output('WeCom');
		assert.deepEqual(out[0], { userid: victim, deleted: true });
		assert.equal(out[1].message.errcode, 60111);
		assert.deepEqual(out[2], { userid: victim, deleted: false, notFound: true });
		assert.ok(!emu.state.users.has(victim));
	});

	test('Delete Many: userids of all items pooled, 200 per batchdelete call, one result per item', async () => {
		const bulk = Array.from({ length: 450 }, (_, i) => `bulk${i}`);
		for (const userid of bulk) emu.state.addUser({ userid, name: 'B', departments: [depts[0]], orders: [0], isLeader: [0], mainDepartment: depts[0], status: 4, enable: 1, email: `${userid}@example.com` });
		emu.clearLog();
		const input = [
			...bulk.slice(0, 400).map((id) => ({ json: { ids: id } })),
			{ json: { ids: bulk.slice(400, 450).join(', ') } },
			{ json: { ids: 'not valid!' } },
		];
		const r = await run(emu, { operation: 'deleteMany', userIds: '={{ $json.ids }}', ifMissing: 'fail' }, { input });
		assert.equal(r.status, 'success', r.error?.message);
		const ok = r.items('WeCom', 0);
		assert.equal(ok.length, 401);
		assert.deepEqual(ok[0].json, { deleted: ['bulk0'] });
		assert.deepEqual(ok[400].json.deleted, bulk.slice(400, 450));
		assert.deepEqual(ok.map((i) => i.pairedItem.item), Array.from({ length: 401 }, (_, i) => i));
		const [bad] = r.items('WeCom', 1);
		assert.equal(bad.pairedItem.item, 401);
		assert.equal(bad.json.message.field, 'User IDs');
		assert.equal(emu.count('user/batchdelete'), 3, '450 userids → 3 calls of ≤ 200');
		assert.ok(emu.log.filter((e) => e.path === '/cgi-bin/user/batchdelete').every((e) => e.body.useridlist.length <= 200));
		assert.ok(bulk.every((u) => !emu.state.users.has(u)));
	});

	test('Delete Many: a refused batch is resolved member by member; missing ones fail their item or are skipped', async () => {
		const keep = ['dm.a', 'dm.b', 'dm.c'];
		for (const userid of keep) emu.state.addUser({ userid, name: 'D', departments: [depts[0]], orders: [0], isLeader: [0], mainDepartment: depts[0], status: 4, enable: 1, email: `${userid}@example.com` });
		emu.clearLog();
		const r = await run(emu, { operation: 'deleteMany', userIds: '={{ $json.ids }}', ifMissing: '={{ $json.mode }}' }, {
			input: [{ json: { ids: 'dm.a, ghost.1', mode: 'fail' } }, { json: { ids: 'dm.b', mode: 'fail' } }, { json: { ids: 'dm.c, ghost.2', mode: 'skip' } }],
		});
		assert.deepEqual(r.output('WeCom'), [{ deleted: ['dm.b'] }, { deleted: ['dm.c'], notFound: ['ghost.2'] }]);
		const [error] = r.output('WeCom', 1);
		assert.equal(error.message.errcode, 60111);
		assert.deepEqual(error.message.notFound, ['ghost.1']);
		assert.deepEqual(error.message.deleted, ['dm.a']);
		assert.match(error.message.description, /no member with userid ghost\.1.*others of this item were deleted: dm\.a/);
		assert.equal(emu.count('user/batchdelete'), 1);
		assert.equal(emu.count('user/delete'), 5);
		assert.ok(keep.every((u) => !emu.state.users.has(u)));
	});

	test('Delete Many without Continue on fail: an invalid item stops the node before any call', async () => {
		emu.clearLog();
		const r = await run(emu, { operation: 'deleteMany', userIds: '={{ $json.ids }}', ifMissing: 'fail' }, {
			input: [{ json: { ids: org.users[20].userid } }, { json: { ids: '' } }],
			onError: null,
		});
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /User IDs/);
		assert.equal(emu.count(), 0);
		assert.ok(emu.state.users.has(org.users[20].userid));
	});

	test('Invite: invalid members, departments and tags are reported on the item', async () => {
		emu.clearLog();
		const u = org.users[30].userid;
		const r = await run(emu, { operation: 'invite', users: `${u}, ghost.x`, departments: `${depts[0]}, 959595`, tags: '1, 77' }, { kind: 'app' });
		const [item] = r.output('WeCom');
		assert.deepEqual(item.invited, { users: [u, 'ghost.x'], departments: [depts[0], 959595], tags: [1, 77] });
		assert.deepEqual([item.invaliduser, item.invalidparty, item.invalidtag], [['ghost.x'], [959595], [77]]);
		assert.match(item.warning, /could not invite: ghost\.x, 959595, 77/);
		assert.deepEqual(emu.invitations.at(-1), { user: [u], party: [depts[0]], tag: [1] });
		const clean = (await run(emu, { operation: 'invite', users: u, departments: '', tags: '' })).output('WeCom')[0];
		assert.deepEqual([clean.invaliduser, clean.warning], [[], undefined]);
	});
});
