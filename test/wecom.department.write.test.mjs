// Department Create / Update / Delete through the n8n engine: name rules checked before any
// call, WeCom's refusals as per-item errors with a plain-English explanation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 40, departments: 8, seed: 51 });
const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

async function run(emu, parameters, { input = [{ json: {} }], kind = 'contacts' } = {}) {
	return await runWorkflow({
		nodes: [node('weCom', { resource: 'department', ...parameters }, { name: 'WeCom', onError: 'continueErrorOutput' })],
		credentials: { weComApi: weComCredentials(emu, kind) },
		input,
	});
}

describe('Department writes through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('Create under a picked parent, with an ID of your own, order and English name', async () => {
		emu.clearLog();
		const r = await run(emu, {
			operation: 'create', name: '={{ $json.name }}', parentId: rl('1', 'list'),
			additionalFields: { id: '={{ $json.id }}', order: 9, nameEn: 'Onboarding' },
		}, { input: [{ json: { name: '入职组', id: 7001 } }] });
		assert.deepEqual(r.output('WeCom'), [{ id: 7001, name: '入职组', parentid: 1, action: 'created' }]);
		assert.deepEqual(emu.log.find((e) => e.path === '/cgi-bin/department/create').body, { name: '入职组', name_en: 'Onboarding', parentid: 1, order: 9, id: 7001 });
		assert.deepEqual({ ...emu.state.departments.get(7001) }, { id: 7001, name: '入职组', parentId: 1, order: 9, nameEn: 'Onboarding' });
		const auto = await run(emu, { operation: 'create', name: 'Auto ID', parentId: rl('7001'), additionalFields: {} });
		assert.ok(auto.output('WeCom')[0].id > 1);
	});

	test('name rules are checked first: no call for an invalid name', async () => {
		emu.clearLog();
		const names = ['', 'x'.repeat(65), ...[...'\\:*?"<>|'].map((c) => `Team${c}A`)];
		const r = await run(emu, { operation: 'create', name: '={{ $json.name }}', parentId: rl('1'), additionalFields: {} }, {
			input: names.map((name) => ({ json: { name } })),
		});
		const errors = r.output('WeCom', 1);
		assert.equal(errors.length, names.length);
		assert.ok(errors.every((e) => e.message.field === 'Name'));
		assert.match(errors[2].error, /may not contain/);
		assert.equal(emu.count(), 0);
	});

	test("WeCom's refusals are per-item errors with an explanation; the other items succeed", async () => {
		const parent = org.departments.find((d) => d.id !== 1 && org.departments.some((c) => c.parentId === d.id));
		const sibling = org.departments.find((d) => d.parentId === 1);
		const r = await run(emu, { operation: 'create', name: '={{ $json.name }}', parentId: rl('={{ $json.parent }}'), additionalFields: {} }, {
			input: [
				{ json: { name: sibling.name, parent: 1 } },
				{ json: { name: 'Orphan', parent: 8080808 } },
				{ json: { name: 'Fine', parent: parent.id } },
			],
		});
		const errors = r.output('WeCom', 1);
		assert.deepEqual(errors.map((e) => e.message.errcode), [60008, 60004]);
		assert.match(errors[0].message.description, /already has this name/);
		assert.match(errors[1].message.description, /parent department does not exist/);
		assert.deepEqual(r.items('WeCom', 1).map((i) => i.pairedItem.item), [0, 1]);
		assert.equal(r.output('WeCom')[0].name, 'Fine');
	});

	test('Update changes only the fields given; moving under a sub-department is refused (60010)', async () => {
		const a = (await run(emu, { operation: 'create', name: 'Upd A', parentId: rl('1'), additionalFields: { order: 4 } })).output('WeCom')[0].id;
		const b = (await run(emu, { operation: 'create', name: 'Upd B', parentId: rl(String(a)), additionalFields: {} })).output('WeCom')[0].id;
		emu.clearLog();
		const r = await run(emu, { operation: 'update', departmentId: rl(String(a), 'list'), updateFields: { name: 'Upd A2' } });
		assert.deepEqual(r.output('WeCom'), [{ id: a, action: 'updated', updatedFields: ['name'] }]);
		assert.deepEqual(emu.log.find((e) => e.path === '/cgi-bin/department/update').body, { id: a, name: 'Upd A2' });
		assert.deepEqual({ ...emu.state.departments.get(a) }, { id: a, name: 'Upd A2', parentId: 1, order: 4 });
		const cyc = await run(emu, { operation: 'update', departmentId: rl(String(a)), updateFields: { parentId: String(b) } });
		const [error] = cyc.output('WeCom', 1);
		assert.equal(error.message.errcode, 60010);
		assert.match(error.message.description, /itself or one of its sub-departments/);
		const none = await run(emu, { operation: 'update', departmentId: rl(String(a)), updateFields: {} });
		assert.equal(none.output('WeCom', 1)[0].message.field, 'Update Fields');
	});

	test('Delete: members (60005), children (60006), root (60007), unknown (60003) explained; an empty one is deleted', async () => {
		const withMembers = org.users[0].departments.find((d) => d !== 1);
		const withChildren = org.departments.find((d) => d.id !== 1 && org.departments.some((c) => c.parentId === d.id) && !emu.state.members.get(d.id)?.size);
		const empty = (await run(emu, { operation: 'create', name: 'To Delete', parentId: rl('1'), additionalFields: {} })).output('WeCom')[0].id;
		const ids = [withMembers, withChildren?.id ?? withMembers, 1, 7373737, empty];
		const r = await run(emu, { operation: 'delete', departmentId: rl('={{ $json.id }}') }, { input: ids.map((id) => ({ json: { id } })) });
		const errors = r.output('WeCom', 1);
		const expected = [60005, withChildren ? 60006 : 60005, 60007, 60003];
		assert.deepEqual(errors.map((e) => e.message.errcode), expected);
		assert.match(errors[0].message.description, /still has members.*Move or delete its members first/);
		if (withChildren) assert.match(errors[1].message.description, /still has sub-departments/);
		assert.match(errors[2].message.description, /root department cannot be deleted/);
		assert.match(errors[3].message.description, /does not exist/);
		assert.deepEqual(r.output('WeCom'), [{ id: empty, deleted: true }]);
		assert.ok(!emu.state.departments.has(empty));
	});

	test('department writes with the app secret stop the run with the contacts-sync hint', async () => {
		const r = await run(emu, { operation: 'delete', departmentId: rl('2') }, { kind: 'app' });
		assert.equal(r.status, 'error');
		assert.match(r.error.description, /only the contacts-sync secret may create, update or delete/);
	});
});
