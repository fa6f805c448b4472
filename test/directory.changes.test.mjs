// Directory Changes triggers (polling) through n8n's engine (test/harness/trigger.mjs: the
// PollContext and TriggersAndPollers n8n polls with) against the WeCom and DingTalk emulators.
// The property test mutates the DingTalk emulator's directory at random between polls and
// checks that the items equal the changes, computed here from full copies of the directory.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg, mulberry32 } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { activatePoller } from './harness/trigger.mjs';

const TRACKED = { name: 'name', title: 'title', email: 'email', telephone: 'telephone', jobNumber: 'job_number', workPlace: 'work_place', remark: 'remark', orgEmail: 'org_email', mobile: 'mobile', managerUserid: 'manager_userid' };

/** Everything the DingTalk emulator holds that the trigger reports on, in full (values, not hashes). */
function fullState(emu) {
	const users = new Map();
	for (const u of emu.state.users.values()) {
		const profile = {};
		for (const [k, out] of Object.entries(TRACKED)) if (u[k] !== undefined && u[k] !== '') profile[out] = u[k];
		users.set(u.userid, { departments: [...new Set(u.deptIds)].sort((a, b) => a - b), active: u.active !== false, profile });
	}
	const departments = new Map([...emu.state.departments.values()].map((d) => [d.id, { name: d.name, parentId: d.parentId ?? 0 }]));
	return { users, departments };
}

/** The changes between two full states, as the trigger should report them. */
function expectedChanges(a, b, keepProfiles) {
	const out = [];
	for (const [id, d] of b.departments) {
		const o = a.departments.get(id);
		if (!o) out.push(`department.created ${id}`);
		else {
			if (o.name !== d.name) out.push(`department.renamed ${id} ${o.name}→${d.name}`);
			if (o.parentId !== d.parentId) out.push(`department.moved ${id} ${o.parentId}→${d.parentId}`);
		}
	}
	for (const id of a.departments.keys()) if (!b.departments.has(id)) out.push(`department.deleted ${id}`);
	for (const [id, u] of b.users) {
		const o = a.users.get(id);
		if (!o) {
			out.push(`member.joined ${id}`);
			continue;
		}
		if (o.departments.join() !== u.departments.join()) out.push(`member.moved ${id} ${o.departments}→${u.departments}`);
		if (o.active !== u.active) out.push(`member.${u.active ? 'enabled' : 'disabled'} ${id}`);
		const fields = [...new Set([...Object.keys(o.profile), ...Object.keys(u.profile)])].filter((k) => o.profile[k] !== u.profile[k]).sort();
		if (fields.length) out.push(`member.updated ${id}${keepProfiles ? ` ${fields.join(',')}` : ''}`);
	}
	for (const id of a.users.keys()) if (!b.users.has(id)) out.push(`member.left ${id}${keepProfiles ? ' profile' : ''}`);
	return out.sort();
}

function describeItems(items, keepProfiles) {
	return items
		.map((i) => {
			switch (i.change) {
				case 'department.created':
				case 'department.deleted':
					return `${i.change} ${i.departmentId}`;
				case 'department.renamed':
					return `${i.change} ${i.departmentId} ${i.nameBefore}→${i.name}`;
				case 'department.moved':
					return `${i.change} ${i.departmentId} ${i.parentIdBefore}→${i.parentId}`;
				case 'member.moved':
					return `${i.change} ${i.userId} ${i.departmentsBefore}→${i.departmentsAfter}`;
				case 'member.updated':
					return `${i.change} ${i.userId}${keepProfiles ? ` ${i.changedFields.join(',')}` : ''}`;
				case 'member.left':
					return `${i.change} ${i.userId}${keepProfiles && i.lastKnownProfile ? ' profile' : ''}`;
				default:
					return `${i.change} ${i.userId}`;
			}
		})
		.sort();
}

/** Random mutations of the DingTalk emulator's directory, through the state's own index-keeping methods. */
function mutate(emu, rnd, count, seq) {
	const { state } = emu;
	const pick = (list) => list[Math.floor(rnd() * list.length)];
	const users = () => [...state.users.values()];
	const depts = () => [...state.departments.values()];
	for (let i = 0; i < count; i++) {
		const r = rnd();
		if (r < 0.14) {
			const dept = pick(depts());
			const userid = `new${seq.n++}`;
			state.addUser({
				userid, unionid: `union-${userid}`, name: `新人${userid}`, deptIds: [dept.id], deptOrders: new Map([[dept.id, 0]]), leaderIn: new Map([[dept.id, false]]),
				mobile: `139${String(seq.n).padStart(8, '0')}`, stateCode: '86', hideMobile: false, active: true, admin: false, boss: false, exclusiveAccount: false,
				hiredDate: 1_600_000_000_000, realAuthed: true, senior: false, createdByApi: true, modified: 0,
			});
		} else if (r < 0.26 && state.users.size > 3) {
			state.removeUser(pick(users()).userid);
		} else if (r < 0.46) {
			const u = pick(users());
			const field = pick(['title', 'workPlace', 'remark', 'jobNumber', 'name']);
			if (rnd() < 0.2 && field !== 'name') delete u[field];
			else u[field] = `${field}-${seq.n++}`;
		} else if (r < 0.58) {
			const u = pick(users());
			const target = pick(depts()).id;
			const ids = rnd() < 0.5 ? [target] : [...new Set([...u.deptIds, target])];
			for (const d of ids) {
				if (!u.deptOrders.has(d)) u.deptOrders.set(d, 0);
				if (!u.leaderIn.has(d)) u.leaderIn.set(d, false);
			}
			state.setUserDepartments(u, ids);
		} else if (r < 0.66) {
			const u = pick(users());
			u.active = !u.active;
		} else if (r < 0.76) {
			const parent = pick(depts());
			state.addDepartment({ id: state.nextDeptId, name: `部门${seq.n++}`, nameEn: 'd', parentId: parent.id, order: 1, createDeptGroup: false, autoAddUser: false, hideDept: false, outerDept: false });
		} else if (r < 0.84) {
			const d = pick(depts().filter((x) => x.id !== 1));
			if (d) d.name = `改名${seq.n++}`;
		} else if (r < 0.92) {
			const d = pick(depts().filter((x) => x.id !== 1));
			if (!d) continue;
			const below = new Set(state.subtree(d.id));
			const to = pick(depts().filter((x) => !below.has(x.id)));
			if (to && to.id !== d.parentId) state.moveDepartment(d, to.id);
		} else {
			const leaf = pick(depts().filter((x) => x.id !== 1 && (state.children.get(x.id) ?? []).length === 0 && (state.members.get(x.id)?.size ?? 0) === 0));
			if (leaf) state.removeDepartment(leaf.id);
		}
	}
}

const dingCredentials = (emu) => ({ dingTalkApi: { appKey: emu.appKey, appSecret: emu.appSecret, baseUrl: emu.url, newApiBaseUrl: emu.url, qpsPlan: 0, qps: 500 } });
const dingNode = (options = {}, extra = {}) => node('dingTalkDirectoryChangesTrigger', { options }, { name: 'Changes', ...extra });
const outputOf = (run) => (run ? run.output('Changes') : []);

describe('DingTalk Directory Changes Trigger', () => {
	test('property: random mutations between polls come out as exactly those changes (30 seeds)', async () => {
		for (let seed = 1; seed <= 30; seed++) {
			const keepProfiles = seed % 2 === 0;
			const emu = await startDingTalkEmulator({ org: generateOrg({ users: 25, departments: 6, seed }), qps: 1000 });
			try {
				const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode({ keepProfiles })], credentials: dingCredentials(emu) });
				const rnd = mulberry32(seed * 7919);
				const seq = { n: 1 };
				assert.equal(await poller.poll(), null, `seed ${seed}: the first poll records the baseline and emits nothing`);
				for (let round = 0; round < 3; round++) {
					const before = fullState(emu);
					mutate(emu, rnd, 1 + Math.floor(rnd() * 8), seq);
					const expected = expectedChanges(before, fullState(emu), keepProfiles);
					const run = await poller.poll();
					const got = describeItems(outputOf(run), keepProfiles);
					assert.deepEqual(got, expected, `seed ${seed} round ${round}`);
					if (run) assert.equal(run.status, 'success');
				}
				assert.equal(await poller.poll(), null, `seed ${seed}: nothing changed, nothing emitted`);
			} finally {
				await emu.close();
			}
		}
	});

	describe('one directory', () => {
		let emu;
		before(async () => {
			emu = await startDingTalkEmulator({ org: generateOrg({ users: 40, departments: 8, seed: 3 }), qps: 1000 });
		});
		after(async () => emu.close());

		test('items carry before and after values with Keep Last-Known Profiles; leavers their last-known profile', async () => {
			const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode({ keepProfiles: true })], credentials: dingCredentials(emu) });
			await poller.poll();
			const [u1, u2] = [...emu.state.users.values()];
			const oldTitle = u1.title;
			u1.title = 'Chief Tester';
			const left = { ...u2 };
			emu.state.removeUser(u2.userid);
			const items = outputOf(await poller.poll());
			const updated = items.find((i) => i.change === 'member.updated');
			assert.deepEqual(updated.changedFields, ['title']);
			assert.deepEqual(updated.before, { title: oldTitle ?? null });
			assert.deepEqual(updated.after, { title: 'Chief Tester' });
			assert.equal(updated.provider, 'dingtalk');
			const gone = items.find((i) => i.change === 'member.left');
			assert.equal(gone.userId, left.userid);
			assert.equal(gone.lastKnownProfile.name, left.name);
			assert.equal(gone.lastKnownProfile.mobile, left.mobile);
		});

		test('without kept profiles: a leaver says it has no profile; the snapshot stays under 40 bytes a member', async () => {
			const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode()], credentials: dingCredentials(emu) });
			await poller.poll();
			const snap = poller.staticData['node:Changes'].directorySnapshot;
			const perMember = JSON.stringify(snap.members).length / emu.state.users.size;
			assert.ok(perMember <= 40, `${perMember} bytes a member`);
			assert.equal(snap.profiles, undefined);
			const u = [...emu.state.users.values()][0];
			emu.state.removeUser(u.userid);
			const [gone] = outputOf(await poller.poll());
			assert.equal(gone.change, 'member.left');
			assert.equal(gone.lastKnownProfile, null);
			assert.match(gone.lastKnownProfileNote, /Keep Last-Known Profiles/);
		});

		test('an incomplete read reports no leavers and keeps the old records of what it could not read', async () => {
			const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode()], credentials: dingCredentials(emu) });
			await poller.poll();
			const dept = [...emu.state.departments.values()].find((d) => d.id !== 1 && emu.state.membersOf(d.id).length > 0);
			const inDept = emu.state.membersOf(dept.id).map((u) => u.userid);
			emu.options.failFor = [{ path: '/topapi/v2/user/list', departmentId: dept.id, errcode: 50004 }];
			const elsewhere = [...emu.state.users.values()].find((u) => !u.deptIds.includes(dept.id));
			emu.state.removeUser(elsewhere.userid); // really gone, but this read cannot prove it
			try {
				const run = await poller.poll();
				const items = outputOf(run);
				assert.ok(!items.some((i) => i.change === 'member.left'), JSON.stringify(items));
				assert.ok(!items.some((i) => i.change === 'member.moved' && inDept.includes(i.userId)), 'members of the unreadable department are not "moved"');
			} finally {
				emu.options.failFor = [];
			}
			const [gone, ...rest] = outputOf(await poller.poll());
			assert.deepEqual([gone.change, gone.userId], ['member.left', elsewhere.userid], 'the complete read reports the leaver');
			assert.deepEqual(rest, []);
		});

		test('Emit Everyone on First Poll: every member as joined', async () => {
			const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode({ emitAllOnFirstPoll: true })], credentials: dingCredentials(emu) });
			const items = outputOf(await poller.poll());
			assert.equal(items.length, emu.state.users.size);
			assert.ok(items.every((i) => i.change === 'member.joined' && i.firstPoll === true));
			assert.equal(await poller.poll(), null);
		});

		test('"Fetch Test Event" (a manual run) outputs a sample and leaves the snapshot alone', async () => {
			const staticData = {};
			const manual = await runWorkflow({ nodes: [dingNode()], credentials: dingCredentials(emu), mode: 'manual' });
			assert.equal(manual.status, 'success', manual.error?.message);
			const [item] = manual.output('Changes');
			assert.equal(item.sample, true);
			assert.equal(item.change, 'member.joined');
			const poller = await activatePoller({ trigger: 'Changes', nodes: [dingNode()], credentials: dingCredentials(emu), staticData });
			await poller.poll();
			const baseline = JSON.parse(JSON.stringify(poller.staticData));
			const u = [...emu.state.users.values()][3];
			u.title = 'Manual Sample';
			// "Fetch Test Event" on the active workflow's node shows the pending change but does not move the baseline.
			const [[shown]] = await poller.manualPoll();
			assert.deepEqual([shown.json.change, shown.json.userId], ['member.updated', u.userid]);
			assert.deepEqual(JSON.parse(JSON.stringify(poller.staticData)), baseline);
			const [changed] = outputOf(await poller.poll());
			assert.deepEqual([changed.change, changed.userId], ['member.updated', u.userid]);
		});
	});
});

describe('WeCom Directory Changes Trigger', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org: generateOrg({ users: 30, departments: 5, seed: 9 }) });
	});
	after(async () => emu.close());

	test('baseline, then a member disabled and a department renamed come out as items', async () => {
		const creds = { weComApi: { corpId: emu.corpId, secret: emu.secrets.app, baseUrl: emu.url } };
		const poller = await activatePoller({ trigger: 'Changes', nodes: [node('weComDirectoryChangesTrigger', {}, { name: 'Changes' })], credentials: creds });
		assert.equal(await poller.poll(), null);
		assert.equal(await poller.poll(), null);
		const member = [...emu.state.users.values()].find((u) => u.status === 1) ?? [...emu.state.users.values()][0];
		member.status = 2;
		const dept = [...emu.state.departments.values()].find((d) => d.id !== 1);
		dept.name = 'Renamed Dept';
		emu.state.touch();
		const items = outputOf(await poller.poll());
		assert.deepEqual(items.map((i) => `${i.change} ${i.userId ?? i.departmentId}`).sort(), [`department.renamed ${dept.id}`, `member.disabled ${member.userid}`].sort());
		assert.equal(items.find((i) => i.change === 'department.renamed').name, 'Renamed Dept');
	});
});
