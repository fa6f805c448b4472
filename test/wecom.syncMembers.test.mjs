// WeCom Member → Sync Members through n8n's engine against the WeCom emulator: HR rows →
// the directory, Dry Run by default, Apply, create / update / move / disable / delete, path
// departments created, conflicts naming the holder, per-row validation, removals only with
// "Input Is the Complete Source", and the managed departments respected.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { startWeComEmulator } from './emulators/wecom.mjs';
import { assertNoSecrets } from './helpers.mjs';
import { actionsOf, person, rowOf, smallOrg, summaryOf, syncWeCom, weComWrites } from './helpers/memberSync.mjs';

const org = smallOrg();
const managed = org.users.filter((u) => u.departments.every((d) => [2, 3, 4].includes(d)));
const unmanaged = org.users.filter((u) => !managed.includes(u));
const snapshot = (emu, ids) => ids.map((id) => JSON.stringify(emu.state.users.get(id) ?? null));

describe('WeCom Sync Members', () => {
	let emu;
	beforeEach(async () => {
		await emu?.close();
		emu = await startWeComEmulator({ org: smallOrg() });
	});
	after(async () => {
		await emu?.close();
	});

	test('Dry Run is the default and writes nothing: the plan lists create, update, move, enable; unchanged rows are counted', async () => {
		const rows = managed.map(rowOf);
		rows[0].position = 'Team Lead'; // p001: update
		rows[1].departments = '4'; // p002: East → West, a move
		rows.push({ userid: 'new.hire', name: 'New Hire', mobile: '13900000001', email: 'new.hire@acme.example.com', departments: 'Sales / East', position: 'Rep' });
		const r = await syncWeCom(emu, rows);
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(weComWrites(emu).length, 0);
		const actions = actionsOf(r);
		const by = Object.fromEntries(actions.map((a) => [a.userid, a]));
		assert.equal(by['new.hire'].action, 'create');
		assert.equal(by['new.hire'].status, 'planned');
		assert.deepEqual(by['new.hire'].user, {
			userid: 'new.hire', name: 'New Hire', mobile: '13900000001', email: 'new.hire@acme.example.com', position: 'Rep', departments: [3], enable: 1,
		}, 'the record to create, flat; the path "Sales / East" resolved to department 3');
		assert.equal(by.p001.action, 'update');
		assert.deepEqual(by.p001.columns, ['position']);
		assert.deepEqual(by.p001.changes, { position: 'Team Lead' });
		assert.equal(by.p002.action, 'move');
		assert.deepEqual(by.p002.changes, { department: [4] });
		// p008 is disabled in WeCom and present in HR: enabled again.
		assert.equal(by.p008.action, 'enable');
		const s = summaryOf(r);
		assert.equal(s.mode, 'dryRun');
		assert.deepEqual([s.created, s.updated, s.moved, s.enabled, s.unchanged, s.failed], [1, 1, 1, 1, managed.length - 3, 0]);
		assert.deepEqual(s.managedDepartments, [2]);
		assert.deepEqual(s.departmentsToCreate, []);
	});

	test('Apply writes one call per change, changed fields only; the second run writes nothing', async () => {
		const rows = managed.map(rowOf);
		rows[0].position = 'Team Lead';
		rows[1].departments = '4';
		rows[2].email = 'p003.new@acme.example.com';
		rows.push({ userid: 'new.hire', name: 'New Hire', mobile: '13900000001', departments: '3', position: 'Rep' });
		const before = snapshot(emu, unmanaged.map((u) => u.userid));
		const r = await syncWeCom(emu, rows, { mode: 'apply' });
		assert.equal(r.status, 'success', r.error?.message);
		const writes = weComWrites(emu);
		assert.deepEqual(writes.map((w) => w.path).sort(), ['/cgi-bin/user/create', ...Array(4).fill('/cgi-bin/user/update')].sort());
		const update = (id) => writes.find((w) => w.body?.userid === id).body;
		assert.deepEqual(update('p001'), { userid: 'p001', position: 'Team Lead' });
		assert.deepEqual(update('p002'), { userid: 'p002', department: [4], is_leader_in_dept: [0] });
		assert.deepEqual(update('p003'), { userid: 'p003', email: 'p003.new@acme.example.com' });
		assert.deepEqual(update('p008'), { userid: 'p008', enable: 1 });
		const created = emu.state.users.get('new.hire');
		assert.deepEqual([created.departments, created.position, created.mobile, created.enable], [[3], 'Rep', '13900000001', 1]);
		assert.deepEqual(emu.state.users.get('p002').departments, [4]);
		assert.deepEqual(snapshot(emu, unmanaged.map((u) => u.userid)), before, 'members outside the managed departments are untouched');
		const s = summaryOf(r);
		assert.deepEqual([s.created, s.updated, s.moved, s.enabled, s.failed], [1, 2, 1, 1, 0]);
		assert.ok(actionsOf(r).every((a) => a.status === 'done'));

		emu.clearLog();
		const again = await syncWeCom(emu, rows, { mode: 'apply' });
		assert.equal(again.status, 'success');
		assert.equal(weComWrites(emu).length, 0, 'an unchanged input writes nothing');
		assert.equal(summaryOf(again).unchanged, rows.length);
		assertNoSecrets(r, [emu.secrets.contacts, ...emu.issuedTokens()]);
	});

	test('removals only with "Input Is the Complete Source": held and listed without it; disable with it; delete when chosen', async () => {
		const rows = managed.filter((u) => u.userid !== 'p005').map(rowOf);
		const held = await syncWeCom(emu, rows, { mode: 'apply', syncOptions: { maxRemovalPercent: 50 } });
		assert.equal(held.status, 'success', held.error?.message);
		assert.equal(weComWrites(emu).filter((w) => w.body?.enable === 0).length, 0);
		const hs = summaryOf(held);
		assert.equal(hs.removalsHeld, 1);
		assert.match(hs.removalsHeldBecause, /Input Is the Complete Source/);
		assert.match(actionsOf(held).find((a) => a.userid === 'p005').reason, /held/);

		const disabled = await syncWeCom(emu, rows, { mode: 'apply', syncOptions: { inputIsComplete: true, maxRemovalPercent: 50 } });
		assert.equal(disabled.status, 'success', disabled.error?.message);
		assert.equal(actionsOf(disabled).find((a) => a.userid === 'p005').action, 'disable');
		assert.equal(emu.state.users.get('p005').enable, 0);
		assert.equal(summaryOf(disabled).disabled, 1);

		const deleted = await syncWeCom(emu, rows, { mode: 'apply', removalPolicy: 'delete', syncOptions: { inputIsComplete: true, maxRemovalPercent: 50 } });
		assert.equal(deleted.status, 'success', deleted.error?.message);
		assert.equal(emu.state.users.has('p005'), false);
		for (const u of unmanaged) assert.ok(emu.state.users.has(u.userid), `${u.userid} (not managed) is never removed`);
	});

	test('the removal guard stops Apply before any write; Allow Large Removals lets it through', async () => {
		const rows = managed.slice(0, 3).map(rowOf);
		const r = await syncWeCom(emu, rows, { mode: 'apply', syncOptions: { inputIsComplete: true } }, { onError: null });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /Sync stopped before any write: it would disable \d+ of the 8 users/);
		assert.equal(weComWrites(emu).length, 0);
		const ok = await syncWeCom(emu, rows, { mode: 'apply', syncOptions: { inputIsComplete: true, allowLargeRemovals: true } });
		assert.equal(ok.status, 'success');
		assert.equal(summaryOf(ok).disabled, 4, 'p008 was already disabled');
	});

	test('managed scope: rows naming members elsewhere are skipped with the reason; the exclusion list is never touched; rows may not place people outside', async () => {
		const rows = managed.map(rowOf);
		rows.push({ ...rowOf(unmanaged[0]), position: 'Changed' }); // p020 in Finance
		rows.push({ ...rowOf(org.users.find((u) => u.userid === 'p030')), position: 'Changed' }); // East + Finance
		rows.find((r) => r.userid === 'p004').position = 'Boss'; // excluded below
		rows.push({ userid: 'outsider', name: 'Out', mobile: '13900000009', departments: '5' });
		const r = await syncWeCom(emu, rows, { mode: 'apply', excludedUserIds: 'P004, nobody' });
		assert.equal(r.status, 'success', r.error?.message);
		const by = Object.fromEntries(actionsOf(r).map((a) => [a.userid, a]));
		assert.equal(by.p020.action, 'skip');
		assert.match(by.p020.reason, /WeCom member "p020" is in department 5, outside the Managed Departments: it is left untouched/);
		assert.match(by.p030.reason, /department 5, outside the Managed Departments/);
		assert.match(by.p004.reason, /Never Touch These Users/);
		const errors = r.output('Sync', 1);
		assert.equal(errors.length, 1);
		assert.match(errors[0].error, /Departments/);
		assert.match(errors[0].error, /department 5 \(Acme Corp \/ Finance\) is outside the Managed Departments/);
		assert.equal(errors[0].message.field, 'Departments');
		assert.deepEqual(weComWrites(emu).map((w) => w.body), [{ userid: 'p008', enable: 1 }], 'only the managed, disabled p008 is written');
		assert.equal(emu.state.users.get('p004').position, 'Staff');
		assert.equal(summaryOf(r).invalidInputs, 1);
	});

	test('departments by path are created when missing (Apply only), once, and the member is placed there', async () => {
		const rows = managed.map(rowOf);
		rows.push({ userid: 'a1', name: 'A1', email: 'a1@acme.example.com', departments: 'Sales / North / Zone 1' });
		rows.push({ userid: 'a2', name: 'A2', email: 'a2@acme.example.com', departments: 'Acme Corp/Sales/North; 3' });
		const refused = await syncWeCom(emu, rows);
		assert.equal(refused.output('Sync', 1).length, 2);
		assert.match(refused.output('Sync', 1)[0].error, /no department has the path "Sales \/ North \/ Zone 1".*Create Missing Departments/);

		const dry = await syncWeCom(emu, rows, { createMissingDepartments: true });
		assert.deepEqual(summaryOf(dry).departmentsToCreate.sort(), ['Acme Corp / Sales / North', 'Acme Corp / Sales / North / Zone 1']);
		assert.equal(weComWrites(emu).length, 0);

		const r = await syncWeCom(emu, rows, { mode: 'apply', createMissingDepartments: true });
		assert.equal(r.status, 'success', r.error?.message);
		const creates = weComWrites(emu).filter((w) => w.path === '/cgi-bin/department/create');
		assert.equal(creates.length, 2, 'each department is created once');
		const north = [...emu.state.departments.values()].find((d) => d.name === 'North');
		const zone = [...emu.state.departments.values()].find((d) => d.name === 'Zone 1');
		assert.deepEqual([north.parentId, zone.parentId], [2, north.id]);
		assert.deepEqual(emu.state.users.get('a1').departments, [zone.id]);
		assert.deepEqual(emu.state.users.get('a2').departments, [north.id, 3]);
		assert.deepEqual(summaryOf(r).departmentsCreated.map((d) => d.path).sort(), ['Acme Corp / Sales / North', 'Acme Corp / Sales / North / Zone 1']);
		emu.clearLog();
		const again = await syncWeCom(emu, rows, { mode: 'apply', createMissingDepartments: true });
		assert.equal(again.status, 'success');
		assert.equal(weComWrites(emu).length, 0, 'the second run finds the departments it created');
	});

	test('a mobile or email taken by another member fails that row only, naming the holder', async () => {
		const rows = managed.map(rowOf);
		rows.push({ userid: 'dup.mobile', name: 'Dup', mobile: org.users.find((u) => u.userid === 'p020').mobile, departments: '3' });
		rows.find((r) => r.userid === 'p001').email = 'p021@acme.example.com';
		const r = await syncWeCom(emu, rows, { mode: 'apply' });
		assert.equal(r.status, 'success', r.error?.message);
		const errors = r.output('Sync', 1);
		assert.equal(errors.length, 2);
		const mobile = errors.find((e) => /dup\.mobile/.test(e.error));
		assert.match(mobile.message.description, /already used by member "p020"/);
		assert.equal(mobile.message.heldBy, 'p020');
		assert.equal(mobile.message.errcode, 60104);
		const email = errors.find((e) => /p001/.test(e.error));
		assert.equal(email.message.heldBy, 'p021');
		assert.equal(email.message.errcode, 60106);
		assert.equal(summaryOf(r).failed, 2);
	});

	test('invalid rows: without Continue on fail the run stops before any call; with it they go to the error output and are never removed', async () => {
		const rows = managed.map(rowOf);
		rows[3] = { ...rows[3], email: 'not-an-email' };
		rows.push({ userid: 'bad id!', name: 'X', mobile: '13900000002', departments: '3' });
		rows.push({ userid: 'no.contact', name: 'Y', departments: '3' });
		emu.clearLog();
		const stopped = await syncWeCom(emu, rows, { mode: 'apply' }, { onError: null });
		assert.equal(stopped.status, 'error');
		assert.match(stopped.error.message, /Input item 3 \("p004"\): Invalid "Email": must be an email address/);
		assert.equal(emu.log.filter((e) => e.path !== '/cgi-bin/gettoken').length, 0, 'no call at all');

		const r = await syncWeCom(emu, rows, { mode: 'apply', syncOptions: { inputIsComplete: true } });
		assert.equal(r.status, 'success', r.error?.message);
		const errors = r.output('Sync', 1);
		assert.deepEqual(errors.map((e) => e.message.field), ['Email', 'User ID', 'Mobile or Email']);
		assert.equal(emu.state.users.get('p004').enable, 1, 'a row that is invalid is still in HR: never disabled');
		assert.equal(summaryOf(r).disabled, 0);
	});

	test('leader flags and main department; a new mobile number of an activated member is left out with a note', async () => {
		const rows = managed.map(rowOf);
		const p6 = rows.find((r) => r.userid === 'p006');
		p6.leaderOf = '4';
		p6.mainDepartment = '4';
		rows.find((r) => r.userid === 'p007').mobile = '13911112222';
		const r = await syncWeCom(emu, rows, { mode: 'apply' });
		assert.equal(r.status, 'success', r.error?.message);
		const u = emu.state.users.get('p006');
		assert.deepEqual([u.isLeader, u.mainDepartment], [[0, 1], 4]);
		const p7 = actionsOf(r).find((a) => a.userid === 'p007');
		assert.equal(p7, undefined, 'no write for p007: its only change cannot be made');
		const withUnchanged = await syncWeCom(emu, rows, { syncOptions: { includeUnchanged: true } });
		assert.match(actionsOf(withUnchanged).find((a) => a.userid === 'p007').reason, /WeCom keeps the number a member activated WeCom with/);
	});
});
