// DingTalk node, Department resource, run through n8n's engine against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, byId, calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

describe('DingTalk departments', () => {
	const org = generateOrg({ users: 120, departments: 25, seed: 11, maxDepth: 4 });
	let emu;
	let credentials;
	const run = (parameters, extra = {}, input) => runWorkflow({ nodes: [dingTalk(parameters, extra)], credentials, input });
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500 });
		credentials = dingTalkCredentials(emu);
	});
	after(async () => emu.close());

	test('Get returns department/get as DingTalk sends it, in the chosen language', async () => {
		const child = org.departments.find((d) => d.parentId === 1);
		const r = await run({ resource: 'department', operation: 'get', departmentId: byId(child.id), language: 'en_US' });
		assert.equal(r.status, 'success', r.error?.message);
		const [out] = r.output('D');
		assert.equal(out.dept_id, child.id);
		assert.equal(out.name, child.nameEn);
		assert.equal(out.parent_id, 1);
		assert.equal(typeof out.member_count, 'number');
		assertNoSecrets(r, emu);
	});

	test('Get Many, Direct Children: one listsub call, children only', async () => {
		emu.clearLog();
		const r = await run({ resource: 'department', operation: 'getMany', scope: 'children', departmentId: byId(1), language: 'zh_CN', returnAll: true });
		assert.equal(r.status, 'success', r.error?.message);
		const expected = org.departments.filter((d) => d.parentId === 1).map((d) => d.id).sort((a, b) => a - b);
		assert.deepEqual(r.output('D').map((d) => d.dept_id).sort((a, b) => a - b), expected);
		assert.equal(calls(emu, 'v2/department/listsub').length, 1);
	});

	test('Get Many, Whole Tree: every department once, walked from 1 with one listsub per department, with paths', async () => {
		emu.clearLog();
		const r = await run({ resource: 'department', operation: 'getMany', scope: 'tree', departmentId: byId(1), language: 'zh_CN', returnAll: true });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.deepEqual(out.map((d) => d.dept_id).sort((a, b) => a - b), org.departments.map((d) => d.id).sort((a, b) => a - b));
		assert.equal(calls(emu, 'v2/department/listsub').length, org.departments.length, 'listsub of every department, leaves included');
		const byIdMap = new Map(org.departments.map((d) => [d.id, d]));
		const pathOf = (d) => (d.id === 1 ? d.name : `${pathOf(byIdMap.get(d.parentId))} / ${d.name}`);
		for (const row of out) assert.equal(row.path, pathOf(byIdMap.get(row.dept_id)));
		assert.equal(out[0].dept_id, 1, 'parents come before children');
		const limited = await run({ resource: 'department', operation: 'getMany', scope: 'tree', departmentId: byId(1), language: 'zh_CN', returnAll: false, limit: 3 });
		assert.equal(limited.output('D').length, 3);
	});

	test('Create, Update and Delete a department', async () => {
		const created = await run({
			resource: 'department',
			operation: 'create',
			name: 'Onboarding',
			parentId: byId(1),
			additionalFields: { sourceIdentifier: 'hr-42', order: 7, hideDept: false },
		});
		assert.equal(created.status, 'success', created.error?.message);
		const [made] = created.output('D');
		assert.equal(made.status, 'created');
		const dept = emu.state.departments.get(made.dept_id);
		assert.deepEqual([dept.name, dept.parentId, dept.sourceIdentifier, dept.order], ['Onboarding', 1, 'hr-42', 7]);
		const [sent] = calls(emu, 'v2/department/create').slice(-1);
		assert.deepEqual(sent.body, { name: 'Onboarding', parent_id: 1, source_identifier: 'hr-42', order: 7, hide_dept: false });

		const target = org.departments.find((d) => d.parentId === 1).id;
		const updated = await run({ resource: 'department', operation: 'update', departmentId: byId(made.dept_id), updateFields: { name: 'Onboarding 2', parentId: String(target) } });
		assert.equal(updated.status, 'success', updated.error?.message);
		assert.deepEqual([dept.name, dept.parentId], ['Onboarding 2', target]);

		const deleted = await run({ resource: 'department', operation: 'delete', departmentId: byId(made.dept_id) });
		assert.equal(deleted.output('D')[0].status, 'deleted');
		assert.equal(emu.state.departments.has(made.dept_id), false);
	});

	test('per item: invalid input fails its item before any call; a refused delete fails only its item', async () => {
		emu.clearLog();
		const populated = org.departments.find((d) => d.id !== 1 && org.users.some((u) => u.departments.includes(d.id)) && !org.departments.some((c) => c.parentId === d.id));
		const input = [{ json: { name: 'R-D' } }, { json: { name: '' } }, { json: { name: 'x'.repeat(65) } }];
		const bad = await run(
			{ resource: 'department', operation: 'create', name: '={{ $json.name }}', parentId: byId(1), additionalFields: {} },
			{ onError: 'continueErrorOutput' },
			input,
		);
		assert.equal(bad.status, 'success');
		const errors = bad.output('D', 1);
		assert.equal(errors.length, 3);
		for (const e of errors) {
			assert.match(e.error, /Invalid "Name"/);
			assert.equal(e.message.field, 'Name');
		}
		assert.equal(emu.count(), 0, 'no call at all for invalid items');
		assert.deepEqual(bad.items('D', 1).map((i) => i.pairedItem.item), [0, 1, 2]);

		const mixed = await run(
			{ resource: 'department', operation: 'delete', departmentId: '={{ { __rl: true, mode: "id", value: String($json.id) } }}' },
			{ onError: 'continueRegularOutput' },
			[{ json: { id: populated.id } }, { json: { id: 1 } }],
		);
		assert.equal(mixed.status, 'success');
		const [members, root] = mixed.output('D');
		assert.match(members.error, /60005/);
		assert.match(members.message.description, /still has members/);
		assert.equal(members.message.errcode, 60005);
		assert.match(root.error, /60007/);
		assert.equal(emu.state.departments.has(populated.id), true);
		assertNoSecrets(mixed, emu);
	});
});
