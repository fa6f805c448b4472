// DingTalk node, User reads, run through n8n's engine against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, bigDepartment, byId, calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

describe('DingTalk user reads', () => {
	// Few departments and many users: several departments hold more than 100 (several pages).
	const org = generateOrg({ users: 700, departments: 8, seed: 21, maxDepth: 3 });
	let emu;
	let credentials;
	const run = (parameters, extra = {}, input) => runWorkflow({ nodes: [dingTalk(parameters, extra)], credentials, input });
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500 });
		credentials = dingTalkCredentials(emu);
	});
	after(async () => emu.close());

	test('Get: simplified and raw; a missing user fails only its item (60121), with pairedItem', async () => {
		const u = org.users.find((x) => x.departments.length > 1 && x.jobNumber);
		const r = await run(
			{ resource: 'user', operation: 'get', userId: '={{ $json.id }}', output: 'simplified' },
			{ onError: 'continueErrorOutput' },
			[{ json: { id: u.userid } }, { json: { id: 'gone-user' } }, { json: { id: u.userid } }],
		);
		assert.equal(r.status, 'success', r.error?.message);
		const ok = r.output('D');
		assert.equal(ok.length, 2);
		assert.deepEqual(r.items('D').map((i) => i.pairedItem.item), [0, 2]);
		assert.equal(ok[0].userid, u.userid);
		assert.equal(ok[0].jobNumber, u.jobNumber);
		assert.deepEqual(ok[0].departments.map((d) => d.id), u.departments);
		assert.deepEqual(ok[0].departments.map((d) => d.isLeader), u.isLeader.map((x) => x === 1));
		assert.equal(typeof ok[0].hiredDate, 'string');
		const [missing] = r.output('D', 1);
		assert.match(missing.error, /60121/);
		assert.equal(r.items('D', 1)[0].pairedItem.item, 1);

		const raw = await run({ resource: 'user', operation: 'get', userId: u.userid, output: 'raw' });
		const [rec] = raw.output('D');
		assert.deepEqual(rec.dept_id_list, u.departments);
		assert.equal(typeof rec.hired_date, 'number');
		assert.ok(Array.isArray(rec.leader_in_dept));
		assertNoSecrets(r, emu);
	});

	test('Get Many in a department with more than 100 users: every page, cursor paging at size 100', async () => {
		const big = bigDepartment(org, 100);
		emu.clearLog();
		const r = await run({ resource: 'user', operation: 'getMany', departmentId: byId(big.id), includeSubDepartments: false, orderField: 'custom', returnAll: true, output: 'raw' });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.deepEqual(out.map((u) => u.userid).sort(), [...big.userids].sort());
		const pages = calls(emu, 'v2/user/list');
		assert.equal(pages.length, Math.ceil(big.size / 100));
		assert.deepEqual(pages.map((p) => p.body.cursor), pages.map((_, i) => i * 100));
		assert.ok(pages.every((p) => p.body.size === 100 && p.body.dept_id === big.id));
		assert.equal(calls(emu, 'v2/user/get').length, 0);
		const orders = out.map((u) => u.dept_order);
		assert.deepEqual(orders, [...orders].sort((a, b) => a - b), 'custom order: by department order');
	});

	test('Get Many with a limit asks only for what it needs; sort order is passed on', async () => {
		const big = bigDepartment(org, 100);
		emu.clearLog();
		const r = await run({ resource: 'user', operation: 'getMany', departmentId: byId(big.id), includeSubDepartments: false, orderField: 'entry_desc', returnAll: false, limit: 130, output: 'simplified' });
		assert.equal(r.output('D').length, 130);
		assert.deepEqual(calls(emu, 'v2/user/list').map((p) => [p.body.cursor, p.body.size, p.body.order_field]), [
			[0, 100, 'entry_desc'],
			[100, 30, 'entry_desc'],
		]);
		const dates = r.output('D').map((u) => Date.parse(u.hiredDate));
		assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
		const dept = r.output('D')[0].departments.find((d) => d.id === big.id);
		assert.equal(typeof dept.isLeader, 'boolean', 'the listed department carries the leader flag');
	});

	test('Get All in Directory: every user once, departments merged with names and paths, no per-user get', async () => {
		emu.clearLog();
		const r = await run({ resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.equal(out.length, org.users.length);
		assert.equal(new Set(out.map((u) => u.userid)).size, org.users.length, 'deduplicated by userid');
		const byUser = new Map(org.users.map((u) => [u.userid, u]));
		const names = new Map(org.departments.map((d) => [d.id, d.name]));
		for (const u of out) {
			const src = byUser.get(u.userid);
			assert.deepEqual(u.departments.map((d) => d.id).sort((a, b) => a - b), [...src.departments].sort((a, b) => a - b));
			for (const d of u.departments) {
				assert.equal(d.name, names.get(d.id));
				assert.ok(d.path.endsWith(d.name) && d.path.startsWith('Acme Corp'));
				assert.equal(d.isLeader, src.isLeader[src.departments.indexOf(d.id)] === 1, 'leader flag of each department');
			}
		}
		assert.ok(out.some((u) => u.departments.length > 1));
		assert.equal(calls(emu, 'v2/user/get').length, 0, 'no per-user calls');
		const expectedPages = org.departments.reduce((n, d) => n + Math.max(1, Math.ceil(org.users.filter((u) => u.departments.includes(d.id)).length / 100)), 0);
		assert.equal(calls(emu, 'v2/user/list').length, expectedPages, 'one call per page, per department');

		const raw = await run({ resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'raw' });
		const multi = raw.output('D').find((u) => u.dept_id_list.length > 1);
		assert.equal(multi.department_paths.length, multi.dept_id_list.length);
		assert.equal(multi.leader, undefined, 'a per-department field is not passed off as global');
		assert.deepEqual(multi.leader_in_dept.map((e) => e.dept_id).sort(), [...multi.dept_id_list].sort());

		const limited = await run({ resource: 'user', operation: 'getAllInDirectory', returnAll: false, limit: 5, output: 'simplified' });
		assert.equal(limited.output('D').length, 5);
	});

	test('Get Many with sub-departments: the subtree, each user once', async () => {
		const top = org.departments.find((d) => d.parentId === 1 && org.departments.some((c) => c.parentId === d.id));
		const subtree = new Set([top.id]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const d of org.departments) if (subtree.has(d.parentId) && !subtree.has(d.id)) (subtree.add(d.id), (grew = true));
		}
		const expected = org.users.filter((u) => u.departments.some((d) => subtree.has(d))).map((u) => u.userid).sort();
		const r = await run({ resource: 'user', operation: 'getMany', departmentId: byId(top.id), includeSubDepartments: true, returnAll: true, output: 'simplified' });
		assert.deepEqual(r.output('D').map((u) => u.userid).sort(), expected);
	});

	test('Get by Mobile (with and without details) and Count', async () => {
		const u = org.users.find((x) => x.mobile);
		const r = await run({ resource: 'user', operation: 'getByMobile', mobile: u.mobile, details: true, output: 'simplified' });
		assert.equal(r.output('D')[0].userid, u.userid);
		assert.equal(r.output('D')[0].name, u.name);
		emu.clearLog();
		const idOnly = await run({ resource: 'user', operation: 'getByMobile', mobile: u.mobile, details: false });
		assert.deepEqual(idOnly.output('D'), [{ userid: u.userid }]);
		assert.equal(calls(emu, 'v2/user/get').length, 0);
		const unknown = await run({ resource: 'user', operation: 'getByMobile', mobile: '13000000000', details: false }, { onError: 'continueRegularOutput' });
		assert.match(unknown.output('D')[0].error, /60121/);
		const badFormat = await run({ resource: 'user', operation: 'getByMobile', mobile: '12-34', details: false }, { onError: 'continueRegularOutput' });
		assert.match(badFormat.output('D')[0].error, /Invalid "Mobile"/);

		const all = await run({ resource: 'user', operation: 'count', onlyActive: false });
		const active = await run({ resource: 'user', operation: 'count', onlyActive: true });
		assert.deepEqual(all.output('D'), [{ count: org.users.length, onlyActive: false }]);
		assert.equal(active.output('D')[0].count, org.users.filter((x) => x.active).length);
		assert.deepEqual(calls(emu, 'user/count').map((c) => c.body), [{ only_active: false }, { only_active: true }]);
	});
});
