import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { listSearch, node, runWorkflow, runWorkflowChecked, testCredential } from './harness/n8n.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';
import { startCasdoor, startDirectory, syncedUsers, workflow } from './reliability/chaos.mjs';

const org = generateOrg({ users: 120, departments: 12, seed: 7 });

/** What a correct whole-directory read must return: every user once, with every department. */
function expectedDirectory(o) {
	return new Map(o.users.map((u) => [u.userid, [...u.departments].sort((a, b) => a - b)]));
}

function weCom(parameters, extra = {}) {
	return node('weCom', parameters, { name: 'WeCom', ...extra });
}

async function run(emu, parameters, { kind = 'app', credentials = {}, input, extra } = {}) {
	return await runWorkflow({
		nodes: [weCom(parameters, extra)],
		credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		input,
	});
}

const getAll = { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' };

describe('WeCom read path through the n8n engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('Get All in Directory: every member once, departments merged, names and paths added, no per-user calls', async () => {
		emu.clearLog();
		const r = await run(emu, getAll);
		assert.equal(r.status, 'success');
		const out = r.output('WeCom');
		const expected = expectedDirectory(org);
		assert.equal(out.length, expected.size);
		assert.equal(new Set(out.map((m) => m.userid)).size, out.length, 'no duplicates');
		for (const m of out) {
			assert.deepEqual([...m.department].sort((a, b) => a - b), expected.get(m.userid), m.userid);
			assert.equal(m.department_names.length, m.department.length);
			assert.ok(m.department_paths.every((p) => p.startsWith(org.departments.find((d) => d.id === 1).name)));
		}
		const multi = out.find((m) => m.department.length > 1);
		assert.ok(multi, 'the org has members in several departments');
		// 1 department/list + one user/list per department; never user/get.
		assert.equal(emu.count('/cgi-bin/department/list'), 1);
		assert.equal(emu.count('/cgi-bin/user/list'), org.departments.length);
		assert.equal(emu.count('/cgi-bin/user/get'), 0);
	});

	test('Get All in Directory for two input items: each read\'s items share one pairing, and an expression after it still finds each member\'s input item', async () => {
		const set = (name, json) => node('n8n-nodes-base.set', { mode: 'raw', jsonOutput: `={{ JSON.stringify(${json}) }}` }, { name, type: 'n8n-nodes-base.set' });
		const r = await runWorkflow({
			nodes: [set('Start', '$json'), weCom({ ...getAll, returnAll: false, limit: 3, output: 'simplified' }), set('After', "{ userid: $json.userid, member: $('WeCom').item.json.userid, run: $('Start').item.json.run }")],
			credentials: { weComApi: weComCredentials(emu, 'app') },
			input: [{ json: { run: 'a' } }, { json: { run: 'b' } }],
		});
		assert.equal(r.status, 'success', r.error?.message);
		const items = r.items('WeCom');
		assert.deepEqual(items.map((i) => i.pairedItem.item), [0, 0, 0, 1, 1, 1]);
		// One pairing object per input item, not one per member (50k members, 50k objects).
		assert.equal(new Set(items.map((i) => i.pairedItem)).size, 2);
		const after = r.output('After');
		assert.deepEqual(after.map((j) => j.member), after.map((j) => j.userid));
		assert.deepEqual(after.map((j) => j.run), ['a', 'a', 'a', 'b', 'b', 'b']);
	});

	test('Get All in Directory: simplified output and Limit', async () => {
		const r = await run(emu, { ...getAll, returnAll: false, limit: 7, output: 'simplified' });
		const out = r.output('WeCom');
		assert.equal(out.length, 7);
		for (const m of out) {
			assert.ok(m.userid && m.name);
			assert.ok(['active', 'disabled', 'notActivated', 'left'].includes(m.status));
			assert.equal(typeof m.enabled, 'boolean');
			assert.ok(m.departments.every((d) => typeof d.id === 'number' && d.path && d.name));
			for (const key of ['mobile', 'email', 'avatar']) assert.notEqual(m[key], '', `${key} is never ""`);
		}
	});

	test('the token is fetched once for a whole concurrent walk and reused by the next run', async () => {
		const fresh = await startWeComEmulator({ org, latencyMs: 5 });
		try {
			await run(fresh, getAll);
			assert.equal(fresh.count('/cgi-bin/gettoken'), 1, 'one gettoken for ~13 concurrent calls');
			await run(fresh, { resource: 'department', operation: 'getMany', scope: 'all', idsOnly: false, returnAll: true });
			assert.equal(fresh.count('/cgi-bin/gettoken'), 1, 'the cached token is reused across runs');
		} finally {
			await fresh.close();
		}
	});

	test('Department Get Many: whole tree with paths, IDs only, below a department, limit', async () => {
		const r = await run(emu, { resource: 'department', operation: 'getMany', scope: 'all', idsOnly: false, returnAll: true });
		const all = r.output('WeCom');
		assert.equal(all.length, org.departments.length);
		assert.equal(all[0].id, 1, 'root first');
		assert.ok(all.every((d) => typeof d.path === 'string' && typeof d.depth === 'number'));
		const child = all.find((d) => d.depth === 1);
		assert.equal(child.path, `${all[0].name} / ${child.name}`);

		const ids = (await run(emu, { resource: 'department', operation: 'getMany', scope: 'all', idsOnly: true, returnAll: true })).output('WeCom');
		assert.equal(ids.length, org.departments.length);
		assert.ok(ids.every((d) => d.name === undefined && d.parentid !== undefined));

		const below = (
			await run(emu, {
				resource: 'department',
				operation: 'getMany',
				scope: 'below',
				rootDepartmentId: { __rl: true, mode: 'list', value: String(child.id) },
				idsOnly: false,
				returnAll: true,
			})
		).output('WeCom');
		assert.ok(below.length >= 1 && below[0].id === child.id);
		assert.ok(below.every((d) => d.path.includes(child.name)));

		const limited = (await run(emu, { resource: 'department', operation: 'getMany', scope: 'all', idsOnly: false, returnAll: false, limit: 3 })).output('WeCom');
		assert.equal(limited.length, 3);
	});

	test('Department Get by picked ID', async () => {
		const dept = org.departments[2];
		const r = await run(emu, { resource: 'department', operation: 'get', departmentId: { __rl: true, mode: 'id', value: String(dept.id) } });
		assert.equal(r.output('WeCom')[0].name, dept.name);
	});

	test('Member Get Many in a department, with and without sub-departments', async () => {
		const dept = org.departments.find((d) => d.parentId === 1);
		const direct = org.users.filter((u) => u.departments.includes(dept.id));
		const r = await run(emu, {
			resource: 'member',
			operation: 'getMany',
			departmentId: { __rl: true, mode: 'id', value: String(dept.id) },
			includeSubDepartments: false,
			returnAll: true,
			output: 'raw',
		});
		assert.deepEqual(new Set(r.output('WeCom').map((m) => m.userid)), new Set(direct.map((u) => u.userid)));

		const subtree = new Set([dept.id]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const d of org.departments) if (subtree.has(d.parentId) && !subtree.has(d.id)) (subtree.add(d.id), (grew = true));
		}
		const deep = org.users.filter((u) => u.departments.some((d) => subtree.has(d)));
		const r2 = await run(emu, {
			resource: 'member',
			operation: 'getMany',
			departmentId: { __rl: true, mode: 'id', value: String(dept.id) },
			includeSubDepartments: true,
			returnAll: true,
			output: 'simplified',
		});
		const got = r2.output('WeCom').map((m) => m.userid);
		assert.equal(got.length, new Set(got).size);
		assert.deepEqual(new Set(got), new Set(deep.map((u) => u.userid)));
	});

	test('Member Get, Get by Mobile, Get by Email', async () => {
		const u = org.users.find((x) => x.mobile && x.email);
		const got = (await run(emu, { resource: 'member', operation: 'get', userId: u.userid, output: 'raw' })).output('WeCom')[0];
		assert.equal(got.userid, u.userid);
		assert.equal(got.mobile, u.mobile);
		const byMobile = (await run(emu, { resource: 'member', operation: 'getByMobile', mobile: u.mobile, details: true, output: 'simplified' })).output('WeCom')[0];
		assert.equal(byMobile.userid, u.userid);
		assert.equal(byMobile.email, u.email);
		const byEmail = (await run(emu, { resource: 'member', operation: 'getByEmail', email: u.email, emailType: 2, details: false })).output('WeCom')[0];
		assert.deepEqual(byEmail, { userid: u.userid });
	});

	test('sensitive fields withheld from newer apps come back absent, not ""', async () => {
		const hidden = await startWeComEmulator({ org, appCreatedAfter2022: true });
		try {
			for (const output of ['raw', 'simplified']) {
				const out = (await run(hidden, { ...getAll, output })).output('WeCom');
				for (const m of out) {
					for (const key of ['mobile', 'email', 'avatar', 'biz_mail', 'bizMail', 'address', 'gender']) {
						assert.ok(!(key in m), `${output}: ${key} should be absent`);
					}
				}
			}
		} finally {
			await hidden.close();
		}
	});

	test('per-item errors with Continue (error output): pairedItem kept, invalid input makes no call', async () => {
		emu.clearLog();
		const good = org.users[0].userid;
		const r = await run(
			emu,
			{ resource: 'member', operation: 'get', userId: '={{ $json.id }}', output: 'simplified' },
			{
				input: [{ json: { id: good } }, { json: { id: 'nobody-here' } }, { json: { id: '-starts-with-dash' } }, { json: {} }],
				extra: { onError: 'continueErrorOutput' },
			},
		);
		assert.equal(r.status, 'success');
		const ok = r.items('WeCom', 0);
		const bad = r.items('WeCom', 1);
		assert.deepEqual(ok.map((i) => i.json.userid), [good]);
		assert.deepEqual(bad.map((i) => i.pairedItem.item), [1, 2, 3]);
		assert.equal(bad[0].json.message.errcode, 60111);
		assert.match(bad[1].json.error, /User ID.*letters, digits/);
		assert.equal(bad[1].json.message.field, 'User ID');
		assert.match(bad[2].json.error, /User ID.*required/);
		assert.equal(emu.count('/cgi-bin/user/get'), 2, 'the two invalid items made no call');
	});

	test('per-item errors with Continue (regular output) and without Continue', async () => {
		const items = [{ json: { id: 'nobody-here' } }, { json: { id: org.users[1].userid } }];
		const regular = await run(emu, { resource: 'member', operation: 'get', userId: '={{ $json.id }}', output: 'raw' }, { input: items, extra: { onError: 'continueRegularOutput' } });
		const out = regular.items('WeCom', 0);
		assert.equal(out.length, 2);
		assert.match(out[0].json.error, /60111/);
		assert.equal(out[0].pairedItem.item, 0);
		assert.equal(out[1].json.userid, org.users[1].userid);

		const stop = await run(emu, { resource: 'member', operation: 'get', userId: '={{ $json.id }}', output: 'raw' }, { input: items });
		assert.equal(stop.status, 'error');
		assert.match(stop.error.message, /60111/);
	});

	test('the department picker lists departments with paths and filters by search', async () => {
		const def = weCom({ resource: 'member', operation: 'getMany' });
		const creds = { weComApi: weComCredentials(emu) };
		const all = await listSearch(def, 'searchDepartments', { credentials: creds });
		assert.equal(all.results.length, org.departments.length);
		assert.match(all.results[0].name, /\(1\)$/);
		const target = org.departments[3];
		const found = await listSearch(def, 'searchDepartments', { credentials: creds, filter: target.name });
		assert.ok(found.results.some((r) => r.value === String(target.id)));
		assert.ok(found.results.length < all.results.length);
	});

	test('the picker falls back to IDs when the contacts-sync secret cannot read names (48009)', async () => {
		const blocked = await startWeComEmulator({ org, newIp: true });
		try {
			const res = await listSearch(weCom({}), 'searchDepartments', { credentials: { weComApi: weComCredentials(blocked, 'contacts') } });
			assert.equal(res.results.length, org.departments.length);
		} finally {
			await blocked.close();
		}
	});

	test('Test connection calls gettoken and reports errcodes with a fix', async () => {
		assert.equal((await testCredential('weComApi', weComCredentials(emu))).status, 'OK');
		const bad = await testCredential('weComApi', weComCredentials(emu, 'app', { secret: 'wrong-secret-123' }));
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /40001.*Secret/);
		const corp = await testCredential('weComApi', weComCredentials(emu, 'app', { corpId: 'wwnotmine' }));
		assert.match(corp.message, /40013.*Corp ID/);
	});
});

// A self-built app whose visible scope is one branch of the company: department/list answers
// that branch only, without an error (D90208), so department 1 is missing from the list.
describe('Get All in Directory with an app scope narrower than the company', () => {
	const scoped = generateOrg({ users: 60, departments: 10, seed: 21 });
	const below = (id) => scoped.departments.filter((d) => d.parentId === id).flatMap((d) => [d.id, ...below(d.id)]);
	const branch = scoped.departments.find((d) => d.parentId === 1 && below(d.id).length > 0);
	const inScope = new Set([branch.id, ...below(branch.id)]);
	const visibleUsers = scoped.users.filter((u) => u.departments.some((d) => inScope.has(d)));
	const outsideUsers = scoped.users.filter((u) => !u.departments.some((d) => inScope.has(d)));

	test('On Department Error = Fail (default): the read stops once, before any member call, with the visible departments and the fix', async () => {
		const e = await startWeComEmulator({ org: scoped, appScope: [branch.id] });
		try {
			const r = await run(e, getAll, { input: [{ json: {} }, { json: {} }], extra: { onError: 'continueErrorOutput' } });
			assert.equal(r.status, 'error');
			assert.equal(r.items('WeCom', 1).length, 0, 'stopped once, not one error item per input item');
			assert.match(r.error.message, new RegExp(`the app's visible scope \\(可见范围\\) covers only department ${branch.id} \\(${branch.name}\\)\\. Department 1, the root, is not in the department list`));
			assert.match(r.error.description, /Set the app's visible scope \(可见范围\) to the whole company in the WeCom admin console.*or use the contacts-sync secret/);
			assert.equal(e.count('/cgi-bin/department/list'), 1);
			assert.equal(e.count('/cgi-bin/user/list'), 0, 'no member call');
			// A read of one department (Get Many) asks for that subtree only: not a narrowed read.
			const one = await run(e, { resource: 'member', operation: 'getMany', departmentId: { __rl: true, mode: 'id', value: String(branch.id) }, includeSubDepartments: true, returnAll: true, output: 'raw' });
			assert.equal(one.status, 'success', one.error?.message);
			assert.equal(one.output('WeCom').length, visibleUsers.length);
		} finally {
			await e.close();
		}
	});

	test('On Department Error = Skip: the visible members are read and every item says the read is incomplete (department 1 unreadable)', async () => {
		const e = await startWeComEmulator({ org: scoped, appScope: [branch.id] });
		try {
			const r = await run(e, { ...getAll, onDepartmentError: 'skip' });
			assert.equal(r.status, 'success', r.error?.message);
			const out = r.output('WeCom');
			assert.deepEqual(out.map((m) => m.userid).sort(), visibleUsers.map((u) => u.userid).sort());
			const marks = out[0].unreadableDepartments;
			assert.deepEqual(Object.keys(marks[0]).sort(), ['error', 'id', 'scope']);
			assert.deepEqual([marks[0].id, marks[0].scope], [1, 'subtree']);
			assert.match(marks[0].error, new RegExp(`outside the app's visible scope \\(可见范围\\), which covers only department ${branch.id} \\(${branch.name}\\): the read is incomplete`));
			// Departments outside the scope that visible members also belong to: named, never read.
			const elsewhere = new Set(visibleUsers.flatMap((u) => u.departments).filter((d) => !inScope.has(d)));
			assert.deepEqual(new Set(marks.slice(1).map((m) => m.id)), elsewhere);
			assert.ok(marks.slice(1).every((m) => m.scope === 'unknown' && /outside the app's visible scope/.test(m.error)));
			for (const m of out) assert.deepEqual(m.unreadableDepartments, marks);
			assert.equal(e.count('/cgi-bin/user/list'), inScope.size);
		} finally {
			await e.close();
		}
	});

	test('Get All (Skip) → Map to IAM User (groups by department ID) → Casdoor Sync Users: nobody outside the scope is forbidden; a member gone from a department read still is', async () => {
		const synced = await syncedUsers('wecom', scoped);
		// Gone upstream, last seen only in visible departments that still have other members.
		const stays = (d) => visibleUsers.filter((u) => u.departments.includes(d)).length > 1;
		const gone = visibleUsers.find((u) => u.departments.every((d) => inScope.has(d) && stays(d)));
		assert.ok(gone && outsideUsers.length > 0, 'the org has a member to remove and members outside the scope');
		const dir = await startDirectory('wecom', scoped, { timeoutSeconds: 5 }, { appScope: [branch.id] });
		const cas = await startCasdoor(synced, 5);
		try {
			dir.emu.state.removeUser(gone.userid);
			const r = await runWorkflowChecked(
				{ nodes: workflow('wecom', { getAll: { onDepartmentError: 'skip' } }), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
			assert.equal(r.status, 'success', r.error?.message);
			const sync = r.runData.Sync[0].data.main[0].map((i) => i.json);
			const summary = sync.find((j) => j.action === 'summary');
			assert.equal(summary.incomplete, true);
			assert.equal(summary.unreadableDepartments[0], 1);
			// Casdoor names a user after its userid where it can: find users by their WeCom binding.
			const inCasdoor = (userid) => [...cas.emu.users.values()].find((u) => u.wecom === userid);
			// Outside users the first sync left active (disabled or departed members were forbidden then).
			const wasForbidden = new Map(synced.map((u) => [u.wecom, u.isForbidden === true]));
			const active = outsideUsers.filter((u) => !wasForbidden.get(u.userid));
			assert.ok(active.length > 0);
			assert.equal(summary.forbidden, 1);
			assert.equal(summary.removalsRefused, active.length);
			assert.equal(inCasdoor(gone.userid).isForbidden, true, 'gone from a department that was read: forbidden');
			for (const u of outsideUsers) {
				assert.equal(inCasdoor(u.userid).isForbidden, wasForbidden.get(u.userid), `${u.userid} is outside the scope, not gone: left as it was`);
			}
			for (const u of active) {
				const action = sync.find((j) => j.name === inCasdoor(u.userid).name);
				assert.equal(action.action, 'skip');
				assert.match(action.reason, /directory read was incomplete \(departments 1[,)]/);
			}
		} finally {
			await dir.emu.close();
			await cas.emu.close();
		}
	});
});
