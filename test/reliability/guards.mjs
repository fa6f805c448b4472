// Removal guards, end to end (Get All in Directory → Map to IAM User → Casdoor Sync Users):
// a source that comes back empty or shrunk past the threshold removes nobody; a directory read
// that could not read a department (or a subtree) refuses to remove the users last seen there,
// and still removes the ones really gone; with "Continue on fail" on every node, a failed read
// never turns into removals. Every run is scanned for canary secrets and tokens.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { generateOrg } from '../emulators/orgGenerator.mjs';
import { runWorkflowChecked } from '../harness/n8n.mjs';
import { casdoorState, startCasdoor, startDirectory, syncedUsers, workflow } from './chaos.mjs';

const orgW = generateOrg({ users: 60, departments: 10, seed: 21 });
const orgD = generateOrg({ users: 100, departments: 20, seed: 22 });
const synced = { wecom: syncedUsers('wecom', orgW), dingtalk: syncedUsers('dingtalk', orgD) };

async function withSync(provider, org, { emulator = {}, casdoorUsers, before: prepare } = {}, fn) {
	const dir = await startDirectory(provider, org, { timeoutSeconds: 5, dingTalkQps: 500 }, emulator);
	const cas = await startCasdoor(casdoorUsers ?? (await synced[provider]), 5);
	try {
		prepare?.(dir.emu);
		const run = (options = {}) =>
			runWorkflowChecked(
				{ nodes: workflow(provider, options), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
		await fn({ dir, cas, run });
	} finally {
		await dir.emu.close();
		await cas.emu.close();
	}
}

const writes = (cas) => cas.log.filter((e) => e.method === 'POST');
const summaryOf = (r) => r.runData.Sync[0].data.main[0].map((i) => i.json).find((j) => j.action === 'summary');
const actionsOf = (r) => Object.fromEntries(r.runData.Sync[0].data.main[0].map((i) => i.json).filter((j) => j.action !== 'summary').map((j) => [j.name, j]));

/** Subtree of a department in a generated org. */
function below(org, id) {
	const out = [];
	for (const d of org.departments) if (d.parentId === id) out.push(d.id, ...below(org, d.id));
	return out;
}

/** The guard tests; registered by hardFailures.test.mjs in one concurrent suite with the hard failures. */
export function guardTests() {
	test('an empty source removes nobody: the read returns no member, nothing downstream runs, Casdoor is not even read', async () => {
		// Every department, no member (an app scope narrowed to an empty department would now stop the read instead).
		const org = { departments: orgW.departments, users: [] };
		await withSync('wecom', org, {}, async ({ cas, run }) => {
			const state = casdoorState(cas.emu);
			const r = await run();
			assert.equal(r.status, 'success');
			assert.equal(r.runData['Get All'][0].data.main[0].length, 0);
			assert.equal(r.runData.Sync, undefined);
			assert.equal(cas.emu.log.length, 0);
			// Made to output something anyway, every node set to continue: still no write.
			const forced = await run({ extra: { 'Get All': { alwaysOutputData: true }, Map: { onError: 'continueRegularOutput' }, Sync: { onError: 'continueRegularOutput' } } });
			assert.equal(writes(cas.emu).length, 0);
			assert.match(JSON.stringify(forced.runData.Sync[0].error ?? forced.error), /not an IAM user|has no "name"/);
			assert.deepEqual(casdoorState(cas.emu), state);
		});
	});

	test('a source shrunk past the threshold (one branch left) stops before any write; a small shrink goes through', async () => {
		const branch = orgW.departments.find((d) => d.parentId === 1 && below(orgW, d.id).length > 0).id;
		const kept = new Set([branch, ...below(orgW, branch)]);
		await withSync('wecom', orgW, {}, async ({ dir, cas, run }) => {
			const state = casdoorState(cas.emu);
			// Everyone outside one branch gone upstream (a narrowed app scope now stops the read itself: wecom.read.test.mjs).
			const outside = orgW.users.filter((u) => !u.departments.some((d) => kept.has(d)));
			for (const u of outside) dir.emu.state.removeUser(u.userid);
			const r = await run();
			assert.equal(r.status, 'error');
			assert.match(r.error.message, /Sync stopped before any write: it would forbid \d+ of the 60 users .* above the 20% limit/);
			assert.equal(writes(cas.emu).length, 0);
			assert.deepEqual(casdoorState(cas.emu), state);
			// The whole directory again, less two members: 2 of 60 forbidden, within the limit.
			for (const u of outside) dir.emu.state.addUser(structuredClone(u));
			const gone = orgW.users.slice(0, 2).map((u) => u.userid);
			for (const id of gone) dir.emu.state.removeUser(id);
			const ok = await run();
			assert.equal(ok.status, 'success', ok.error?.message);
			assert.equal(summaryOf(ok).forbidden, 2);
			assert.ok(gone.every((id) => cas.emu.user(id).isForbidden === true));
		});
	});

	test('WeCom: a department that cannot be read fails the run by default; skipped, it holds back only the removals of its own members', async () => {
		// The department whose members are most often in it alone.
		const counts = new Map();
		for (const u of orgW.users) if (u.departments.length === 1) counts.set(u.departments[0], (counts.get(u.departments[0]) ?? 0) + 1);
		const dept = [...counts].filter(([id]) => id !== 1).sort((a, b) => b[1] - a[1])[0][0];
		const onlyThere = orgW.users.filter((u) => u.departments.every((d) => d === dept)).map((u) => u.userid);
		const reallyGone = orgW.users.find((u) => !u.departments.includes(dept) && u.departments.every((d) => orgW.users.filter((x) => x.departments.includes(d)).length > 2));
		const failFor = [{ path: 'user/list', departmentId: dept, errcode: 60011 }];
		await withSync('wecom', orgW, { emulator: { failFor }, before: (emu) => emu.state.removeUser(reallyGone.userid) }, async ({ cas, run }) => {
			const state = casdoorState(cas.emu);
			const failed = await run();
			assert.equal(failed.status, 'error');
			assert.match(failed.error.message, /60011/);
			assert.match(failed.error.description, /visible scope/);
			assert.deepEqual(casdoorState(cas.emu), state, 'the default stops before the sync');

			const r = await run({ getAll: { onDepartmentError: 'skip' } });
			assert.equal(r.status, 'success', r.error?.message);
			const members = r.runData['Get All'][0].data.main[0].map((i) => i.json);
			assert.equal(members.length, orgW.users.length - 1 - onlyThere.length);
			assert.deepEqual(members[0].unreadableDepartments, [{ id: dept, scope: 'members', error: members[0].unreadableDepartments[0].error, path: members[0].unreadableDepartments[0].path }]);
			assert.match(members[0].unreadableDepartments[0].error, /60011/);
			assert.ok(r.runData.Map[0].data.main[0].every((i) => i.json.unreadableDepartments?.[0]?.id === dept), 'Map carries the mark on');
			const s = summaryOf(r);
			assert.deepEqual([s.incomplete, s.unreadableDepartments, s.removalsRefused, s.forbidden], [true, [dept], onlyThere.length, 1]);
			const actions = actionsOf(r);
			for (const id of onlyThere) {
				assert.equal(actions[id].action, 'skip');
				assert.match(actions[id].reason, new RegExp(`departments ${dept} could not be read`));
				assert.equal(cas.emu.user(id).isForbidden, state.find((x) => JSON.parse(x).name === id).includes('"isForbidden":true'));
			}
			assert.equal(actions[reallyGone.userid].action, 'forbid');
			assert.equal(cas.emu.user(reallyGone.userid).isForbidden, true);
		});
	});

	test('DingTalk: a sub-department listing that keeps failing is skipped; users last seen below it are not removed', async () => {
		const top = orgD.departments.filter((d) => d.id !== 1).sort((a, b) => below(orgD, b.id).length - below(orgD, a.id).length)[0].id;
		const unknown = below(orgD, top);
		const hidden = orgD.users.filter((u) => u.departments.every((d) => unknown.includes(d))).map((u) => u.userid);
		const seenElsewhere = orgD.users.filter((u) => u.departments.some((d) => unknown.includes(d)) && !u.departments.every((d) => unknown.includes(d)));
		assert.ok(hidden.length > 0 && seenElsewhere.length > 0, 'the org has users only below the branch and users also elsewhere');
		const failFor = [{ path: 'v2/department/listsub', departmentId: top, errcode: 60003 }];
		await withSync('dingtalk', orgD, { emulator: { failFor } }, async ({ cas, run }) => {
			const r = await run({ getAll: { onDepartmentError: 'skip' } });
			assert.equal(r.status, 'success', r.error?.message);
			const marks = r.runData['Get All'][0].data.main[0][0].json.unreadableDepartments;
			assert.deepEqual(marks[0].id, top);
			assert.equal(marks[0].scope, 'subtree');
			assert.ok(marks.slice(1).every((m) => m.scope === 'unknown' && unknown.includes(m.id)), 'departments below it named by members found elsewhere');
			// Casdoor names DingTalk users by job number (Map's default): find them by their dingtalk binding.
			const inCasdoor = (userid) => [...cas.emu.users.values()].find((u) => u.dingtalk === userid);
			const refusable = hidden.map(inCasdoor).filter((u) => u.isForbidden !== true);
			const s = summaryOf(r);
			assert.equal(s.removalsRefused, refusable.length);
			assert.equal(s.forbidden, 0);
			assert.equal(writes(cas.emu).filter((e) => e.query.columns === 'isForbidden').length, 0);
			for (const u of refusable) {
				assert.equal(actionsOf(r)[u.name].action, 'skip');
				assert.equal(cas.emu.user(u.name).isForbidden, false);
			}
			for (const u of seenElsewhere) assert.equal(actionsOf(r)[inCasdoor(u.userid).name], undefined, 'found elsewhere: unchanged');
		});
	});
}
