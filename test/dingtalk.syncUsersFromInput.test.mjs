// DingTalk User → Sync Users From Input through n8n's engine against the DingTalk emulator:
// Dry Run, Apply (create / update / move / delete), a mobile change left out with the reason
// (40022), path departments created, conflicts naming the holder, managed scope, validation.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { assertNoSecrets } from './helpers/dingtalk.mjs';
import { actionsOf, dingTalkWrites, smallOrg, summaryOf, syncDingTalk } from './helpers/memberSync.mjs';

const org = smallOrg();
const managed = org.users.filter((u) => u.departments.every((d) => [2, 3, 4].includes(d)));
const unmanaged = org.users.filter((u) => !managed.includes(u));
const rowOf = (u) => ({ userid: u.userid, name: u.name, mobile: u.mobile, email: u.email, departments: u.departments.join('; '), title: u.position });
const snapshot = (emu, ids) => ids.map((id) => JSON.stringify(emu.state.users.get(id) ?? null, (k, v) => (v instanceof Map ? [...v] : v)));

describe('DingTalk Sync Users From Input', () => {
	let emu;
	beforeEach(async () => {
		await emu?.close();
		emu = await startDingTalkEmulator({ org: smallOrg() });
	});
	after(async () => {
		await emu?.close();
	});

	test('Dry Run (the default) plans create, update and move and writes nothing', async () => {
		const rows = managed.map(rowOf);
		rows[0].title = 'Team Lead';
		rows[1].departments = 'Sales / West';
		rows.push({ userid: 'new.hire', name: 'New Hire', mobile: '13900000001', departments: '3', title: 'Rep' });
		const r = await syncDingTalk(emu, rows);
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(dingTalkWrites(emu).length, 0);
		const by = Object.fromEntries(actionsOf(r).map((a) => [a.userid, a]));
		assert.deepEqual([by['new.hire'].action, by.p001.action, by.p002.action], ['create', 'update', 'move']);
		assert.deepEqual(by.p002.changes, { dept_id_list: [4] });
		const s = summaryOf(r);
		assert.deepEqual([s.created, s.updated, s.moved, s.unchanged], [1, 1, 1, managed.length - 2]);
	});

	test('Apply: one call per change, changed fields only, unmanaged users untouched; the second run writes nothing', async () => {
		const rows = managed.map(rowOf);
		rows[0].title = 'Team Lead';
		rows[1].departments = '4';
		rows.push({ userid: 'new.hire', name: 'New Hire', mobile: '13900000001', email: 'new.hire@acme.example.com', departments: '3', title: 'Rep' });
		const before = snapshot(emu, unmanaged.map((u) => u.userid));
		const r = await syncDingTalk(emu, rows, { mode: 'apply' });
		assert.equal(r.status, 'success', r.error?.message);
		const writes = dingTalkWrites(emu);
		assert.equal(writes.length, 3);
		const body = (id) => writes.find((w) => w.body?.userid === id).body;
		assert.deepEqual(body('p001'), { userid: 'p001', title: 'Team Lead' });
		assert.deepEqual(body('p002'), { userid: 'p002', dept_id_list: '4' });
		assert.equal(body('new.hire').dept_id_list, '3');
		const created = emu.state.users.get('new.hire');
		assert.deepEqual([created.deptIds, created.title, created.mobile], [[3], 'Rep', '13900000001']);
		assert.deepEqual(snapshot(emu, unmanaged.map((u) => u.userid)), before);
		emu.clearLog();
		const again = await syncDingTalk(emu, rows, { mode: 'apply' });
		assert.equal(again.status, 'success');
		assert.equal(dingTalkWrites(emu).length, 0);
		assertNoSecrets(r, emu);
	});

	test('leavers are deleted only with "Input Is the Complete Source" and Delete chosen (DingTalk has no disabled state)', async () => {
		const rows = managed.filter((u) => u.userid !== 'p005').map(rowOf);
		const ignored = await syncDingTalk(emu, rows, { mode: 'apply', syncOptions: { inputIsComplete: true } });
		assert.equal(actionsOf(ignored).find((a) => a.userid === 'p005').action, 'skip');
		const held = await syncDingTalk(emu, rows, { mode: 'apply', removalPolicy: 'delete', syncOptions: { maxRemovalPercent: 50 } });
		assert.equal(summaryOf(held).removalsHeld, 1);
		assert.ok(emu.state.users.has('p005'));
		const r = await syncDingTalk(emu, rows, { mode: 'apply', removalPolicy: 'delete', syncOptions: { inputIsComplete: true, maxRemovalPercent: 50 } });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(summaryOf(r).deleted, 1);
		assert.equal(emu.state.users.has('p005'), false);
		for (const u of unmanaged) assert.ok(emu.state.users.has(u.userid));
	});

	test('a mobile change is left out with the reason (40022), never sent', async () => {
		const rows = managed.map(rowOf);
		rows[0].mobile = '13911112222';
		const r = await syncDingTalk(emu, rows, { mode: 'apply', syncOptions: { includeUnchanged: true } });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(dingTalkWrites(emu).length, 0);
		assert.match(actionsOf(r).find((a) => a.userid === 'p001').reason, /cannot change a user's mobile number \(40022\)/);
	});

	test('path departments are created when missing; conflicts name the holder; rows outside the managed departments fail validation', async () => {
		const rows = managed.map(rowOf);
		rows.push({ userid: 'n1', name: 'N1', mobile: '13900000011', departments: 'Sales / North' });
		rows.push({ userid: 'n2', name: 'N2', mobile: org.users.find((u) => u.userid === 'p021').mobile, departments: '3' });
		rows.push({ userid: 'n3', name: 'N3', mobile: '13900000013', departments: 'Finance' });
		rows.push({ userid: 'n4', name: 'N4', departments: '3' });
		const r = await syncDingTalk(emu, rows, { mode: 'apply', createMissingDepartments: true });
		assert.equal(r.status, 'success', r.error?.message);
		const north = [...emu.state.departments.values()].find((d) => d.name === 'North');
		assert.equal(north.parentId, 2);
		assert.deepEqual(emu.state.users.get('n1').deptIds, [north.id]);
		const errors = r.output('Sync', 1);
		const n2 = errors.find((e) => /n2/.test(e.error));
		assert.equal(n2.message.heldBy, 'p021');
		assert.match(n2.message.description, /already used by member "p021"/);
		const fields = errors.filter((e) => e.message.field).map((e) => [e.message.field, e.error]);
		assert.equal(fields.length, 2);
		assert.match(fields[0][1], /Finance.*outside the Managed Departments/);
		assert.match(fields[1][1], /Mobile.*is required to add a new DingTalk user/);
	});
});
