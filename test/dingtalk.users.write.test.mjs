// DingTalk node, User writes, run through n8n's engine against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

describe('DingTalk user writes', () => {
	const org = generateOrg({ users: 60, departments: 6, seed: 4 });
	const [deptA, deptB] = org.departments.filter((d) => d.id !== 1).map((d) => d.id);
	let emu;
	let credentials;
	const run = (parameters, extra = {}, input) => runWorkflow({ nodes: [dingTalk(parameters, extra)], credentials, input });
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500, inviteMobiles: ['13600000099'] });
		credentials = dingTalkCredentials(emu);
	});
	after(async () => emu.close());

	test('Create sends every optional field as documented and normalises unionId to unionid', async () => {
		const r = await run({
			resource: 'user',
			operation: 'create',
			name: '新员工',
			mobile: '13600000001',
			departmentIds: [deptA, deptB],
			additionalFields: {
				userid: 'new.hire',
				jobNumber: 'E900001',
				title: 'Engineer',
				email: 'new.hire@example.com',
				hiredDate: '2024-03-01T00:00:00.000Z',
				extension: '{"爱好":"旅游"}',
				deptOrders: { values: [{ departmentId: String(deptA), order: 5 }] },
				deptTitles: { values: [{ departmentId: String(deptB), title: 'Lead' }] },
				hideMobile: false,
				deptPositions: '[]',
			},
		});
		assert.equal(r.status, 'success', r.error?.message);
		const [out] = r.output('D');
		assert.equal(out.status, 'created');
		assert.equal(out.userid, 'new.hire');
		assert.equal(typeof out.unionid, 'string');
		assert.equal('unionId' in out, false);
		const [sent] = calls(emu, 'v2/user/create');
		assert.equal(sent.body.dept_id_list, `${deptA},${deptB}`, 'a comma-separated string');
		assert.equal(sent.body.extension, '{"爱好":"旅游"}', 'extension as a JSON string');
		assert.equal(sent.body.hired_date, Date.parse('2024-03-01T00:00:00.000Z'));
		assert.deepEqual(sent.body.dept_order_list, [{ dept_id: deptA, order: 5 }]);
		assert.deepEqual(sent.body.dept_title_list, [{ dept_id: deptB, title: 'Lead' }]);
		assert.equal('dept_position_list' in sent.body, false, 'an untouched JSON default is not sent');
		const stored = emu.state.users.get('new.hire');
		assert.deepEqual(stored.deptIds, [deptA, deptB]);
		assert.equal(stored.unionid, out.unionid);
		assertNoSecrets(r, emu);
	});

	test('invalid inputs fail their own item, naming the field, with zero calls', async () => {
		emu.clearLog();
		const input = [
			{ json: { name: 'A', mobile: '12345', depts: [deptA] } },
			{ json: { name: '', mobile: '13600000002', depts: [deptA] } },
			{ json: { name: 'C', mobile: '13600000003', depts: [] } },
			{ json: { name: 'D', mobile: '13600000004', depts: Array.from({ length: 101 }, (_, i) => i + 2) } },
			{ json: { name: 'E', mobile: '13600000005', depts: [deptA], email: 'nope' } },
			{ json: { name: 'F', mobile: '13600000006', depts: [deptA], job: 'x'.repeat(51) } },
		];
		const r = await run(
			{
				resource: 'user',
				operation: 'create',
				name: '={{ $json.name }}',
				mobile: '={{ $json.mobile }}',
				departmentIds: '={{ $json.depts }}',
				additionalFields: { email: '={{ $json.email ?? "" }}', jobNumber: '={{ $json.job ?? "" }}' },
			},
			{ onError: 'continueErrorOutput' },
			input,
		);
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, 0);
		const errors = r.output('D', 1);
		assert.deepEqual(errors.map((e) => e.message.field), ['Mobile', 'Name', 'Departments', 'Departments', 'Email', 'Job Number']);
		assert.deepEqual(r.items('D', 1).map((i) => i.pairedItem.item), [0, 1, 2, 3, 4, 5]);
		assert.equal(emu.count(), 0, 'not even a token was fetched');
	});

	test('40103 is not an error: the item reports status "invited"', async () => {
		const r = await run({ resource: 'user', operation: 'create', name: 'Invitee', mobile: '13600000099', departmentIds: [deptA], additionalFields: {} });
		assert.equal(r.status, 'success', r.error?.message);
		const [out] = r.output('D');
		assert.equal(out.status, 'invited');
		assert.equal(out.mobile, '13600000099');
		assert.equal(out.error, undefined);
		assert.equal(calls(emu, 'v2/user/create').at(-1).errcode, 40103);
	});

	test('Update: a mobile change is refused before sending; other fields are updated', async () => {
		emu.clearLog();
		const target = org.users.find((u) => u.mobile);
		const refused = await run(
			{ resource: 'user', operation: 'update', userId: target.userid, updateFields: { mobile: '13600000077' } },
			{ onError: 'continueRegularOutput' },
		);
		const [err] = refused.output('D');
		assert.match(err.error, /Invalid "Mobile"/);
		assert.match(err.error, /delete the user and add them again/i);
		assert.equal(emu.count(), 0, 'refused before any call');

		const r = await run({ resource: 'user', operation: 'update', userId: target.userid, updateFields: { title: 'Director', departmentIds: [deptB], extAttrsUpdateMode: 'append' } });
		assert.equal(r.status, 'success', r.error?.message);
		const [out] = r.output('D');
		assert.equal(out.status, 'updated');
		assert.deepEqual(out.fields.sort(), ['dept_id_list', 'ext_attrs_update_mode', 'title']);
		assert.deepEqual(calls(emu, 'v2/user/update')[0].body, { userid: target.userid, dept_id_list: String(deptB), ext_attrs_update_mode: 1, title: 'Director' });
		const stored = emu.state.users.get(target.userid);
		assert.equal(stored.title, 'Director');
		assert.deepEqual(stored.deptIds, [deptB]);

		const empty = await run({ resource: 'user', operation: 'update', userId: target.userid, updateFields: {} }, { onError: 'continueRegularOutput' });
		assert.match(empty.output('D')[0].error, /Update Fields/);
	});

	test('Delete removes the user; deleting again fails only that item', async () => {
		const victim = org.users[10].userid;
		const r = await run(
			{ resource: 'user', operation: 'delete', userId: '={{ $json.id }}' },
			{ onError: 'continueErrorOutput' },
			[{ json: { id: victim } }, { json: { id: victim } }],
		);
		assert.deepEqual(r.output('D'), [{ userid: victim, status: 'deleted' }]);
		assert.match(r.output('D', 1)[0].error, /60121/);
		assert.equal(emu.state.users.has(victim), false);
	});

	test('without Continue on Fail, an item error stops the node with a clear message', async () => {
		const r = await run({ resource: 'user', operation: 'create', name: 'Dup', mobile: org.users.find((u) => u.mobile).mobile, departmentIds: [deptA], additionalFields: {} });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /60104/);
		assert.match(r.error.description, /already has this mobile/);
		assertNoSecrets(r, emu);
	});
});
