// An incomplete directory read ("On Department Error: Skip the Department"): the walk leaves
// out the departments it cannot read and says which; the planner then refuses to remove users
// whose last-known departments were not read completely. Pure functions, tested directly; the
// engine test (test/reliability/guards.test.mjs) runs the nodes.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { walkDirectory } = require('../../dist/lib/directory/sources/walk.js');
const { planSync } = require('../../dist/lib/directory/targets/casdoor/casdoorPlan.js');

// Acme(1) ─ Sales(2) ─ East(4) ─ Deep(6)
//        └ Tech(3) ─ Web(5)
const departments = [
	{ id: 1, name: 'Acme', parentId: 0 },
	{ id: 2, name: 'Sales', parentId: 1 },
	{ id: 3, name: 'Tech', parentId: 1 },
	{ id: 4, name: 'East', parentId: 2 },
	{ id: 5, name: 'Web', parentId: 3 },
	{ id: 6, name: 'Deep', parentId: 4 },
];
const membersByDept = {
	1: [{ id: 'ceo', depts: [1] }],
	2: [{ id: 'ann', depts: [2, 5] }],
	3: [{ id: 'bob', depts: [3] }],
	4: [{ id: 'cat', depts: [4] }],
	5: [{ id: 'ann', depts: [2, 5] }, { id: 'dan', depts: [5] }],
	6: [{ id: 'eve', depts: [6, 3] }],
};

class DeptError extends Error {}

/** A source whose listings fail for `failMembers` (member listings) and `failChildren` (sub-department listings). */
function source({ stream = false, failMembers = [], failChildren = [], departmentError = true } = {}) {
	const calls = [];
	let aborted;
	const s = {
		concurrency: 2,
		async listDepartments() {
			return departments;
		},
		async listMembers(id) {
			calls.push(id);
			await new Promise((r) => setTimeout(r, 2));
			if (failMembers.includes(id)) throw departmentError ? new DeptError(`members of ${id} unreadable`) : new Error('bad secret');
			return (membersByDept[id] ?? []).map((m) => ({ ...m, depts: [...m.depts] }));
		},
		memberId: (m) => m.id,
		memberDepartments: (m) => m.depts,
		withDepartments: (m, depts) => ({ ...m, depts }),
		isDepartmentError: (e) => e instanceof DeptError,
		abort: (e) => {
			aborted ??= e;
		},
	};
	if (stream) {
		// Like DingTalk's listsub walk: children of each department, one listing each.
		s.streamDepartments = async (_root, found, onChildrenError) => {
			found(departments[0]);
			const expand = async (id) => {
				if (failChildren.includes(id)) {
					if (onChildrenError?.(id, new DeptError(`children of ${id} unreadable`))) return;
					throw new DeptError(`children of ${id} unreadable`);
				}
				for (const d of departments.filter((x) => x.parentId === id)) {
					found(d);
					await expand(d.id);
				}
			};
			await expand(1);
		};
	}
	return { s, calls, aborted: () => aborted };
}

for (const stream of [false, true]) {
	const how = stream ? 'pipelined' : 'in order';

	test(`walk (${how}), skip: an unreadable department is left out and named; members found elsewhere keep all their departments`, async () => {
		const { s } = source({ stream, failMembers: [5] });
		const { members, unreadable } = await walkDirectory(s, { onDepartmentError: 'skip' });
		assert.deepEqual(members.map((m) => m.id).sort(), ['ann', 'bob', 'cat', 'ceo', 'eve']);
		assert.deepEqual(members.find((m) => m.id === 'ann').depts, [2, 5]);
		assert.deepEqual(unreadable, [{ id: 5, scope: 'members', path: 'Acme / Tech / Web', error: 'members of 5 unreadable' }]);
	});

	test(`walk (${how}), fail (default): the first unreadable department fails the walk and stops the source's other calls`, async () => {
		const { s, aborted } = source({ stream, failMembers: [2] });
		await assert.rejects(walkDirectory(s), /members of 2 unreadable/);
		assert.match(aborted()?.message ?? '', /members of 2/);
	});

	test(`walk (${how}), skip: an error that is not about one department (credential, ban) still fails the walk`, async () => {
		const { s } = source({ stream, failMembers: [4], departmentError: false });
		await assert.rejects(walkDirectory(s, { onDepartmentError: 'skip' }), /bad secret/);
	});

	test(`walk (${how}), skip: when most departments fail, the service is failing, not a department: the walk fails`, async () => {
		const { s } = source({ stream, failMembers: [1, 2, 3, 4, 5] });
		await assert.rejects(walkDirectory(s, { onDepartmentError: 'skip' }), /unreadable/);
	});
}

test('walk (pipelined), skip: a subtree whose sub-departments cannot be listed is named, and so are the unknown departments below it that members mention', async () => {
	const { s, calls } = source({ stream: true, failChildren: [2] });
	const { members, unreadable } = await walkDirectory(s, { onDepartmentError: 'skip' });
	// Sales itself was listed; East and Deep below it were never discovered.
	assert.ok(calls.includes(2) && !calls.includes(4) && !calls.includes(6));
	assert.deepEqual(members.map((m) => m.id).sort(), ['ann', 'bob', 'ceo', 'dan']);
	assert.deepEqual(unreadable, [{ id: 2, scope: 'subtree', path: 'Acme / Sales', error: 'children of 2 unreadable' }]);
	// A member found elsewhere (eve, listed under Tech) who also belongs to an undiscovered department (Deep, below East) names it: it is unreadable too.
	const withEve = source({ stream: true, failChildren: [4] });
	membersByDept[3] = [{ id: 'bob', depts: [3] }, { id: 'eve', depts: [6, 3] }];
	try {
		const r = await walkDirectory(withEve.s, { onDepartmentError: 'skip' });
		assert.deepEqual(r.unreadable.map((u) => [u.id, u.scope]), [[4, 'subtree'], [6, 'unknown']]);
	} finally {
		membersByDept[3] = [{ id: 'bob', depts: [3] }];
	}
});

test('walk (pipelined), skip: the top of the tree cannot be skipped', async () => {
	const { s } = source({ stream: true, failChildren: [1] });
	await assert.rejects(walkDirectory(s, { onDepartmentError: 'skip' }), /children of 1 unreadable/);
});

// ---- the planner -----------------------------------------------------------------------------

const SOURCE = 'wecom:acme';
const policy = { organization: 'acme', source: SOURCE, removal: 'forbid', maxRemovalPercent: 50, allowLargeRemovals: false };
const mapped = (name, groups) => ({ owner: 'acme', name, id: name, externalId: name, wecom: name, groups, properties: { source: SOURCE } });
// A user an earlier sync wrote: its groups, and the record of the ones the sync put it in.
const stored = (name, groups, extra = {}) => ({ owner: 'acme', name, id: name, externalId: name, wecom: name, isForbidden: false, isDeleted: false, groups, properties: { source: SOURCE, ...(groups ? { sourceGroups: JSON.stringify([...groups].sort()) } : {}) }, ...extra });
const byAction = (plan) => Object.fromEntries(plan.actions.map((a) => [a.name, a.action]));

// Upstream now: a, b in department 2; c in department 3. Department 5 could not be read.
const upstream = [mapped('a', ['acme/2']), mapped('b', ['acme/2', 'acme/5']), mapped('c', ['acme/3'])];
const casdoor = [
	stored('a', ['acme/2']),
	stored('b', ['acme/2', 'acme/5']),
	stored('c', ['acme/3']),
	stored('left-sales', ['acme/2']), // last seen in a department read completely: gone for real
	stored('in-web', ['acme/5']), // last seen in the unreadable department
	stored('sales-and-web', ['acme/2', 'acme/5']),
	stored('no-groups', null), // nothing recorded: cannot be placed
	stored('in-empty-dept', ['acme/9']), // a department no current user is in: not shown to be read
	stored('was-forbidden', ['acme/5'], { isForbidden: true }),
];
const unreadable = [{ id: 5, scope: 'members', path: 'Acme / Tech / Web', error: 'x' }];

test('planner, incomplete source: only users whose every last-known department was read are removed', () => {
	const plan = planSync(upstream, casdoor, { ...policy, unreadable });
	assert.deepEqual(byAction(plan), {
		a: 'unchanged',
		b: 'unchanged',
		c: 'unchanged',
		'left-sales': 'forbid',
		'in-web': 'skip',
		'sales-and-web': 'skip',
		'no-groups': 'skip',
		'in-empty-dept': 'skip',
		'was-forbidden': 'unchanged',
	});
	assert.equal(plan.refusedRemovals, 4);
	assert.match(plan.actions.find((x) => x.name === 'in-web').reason, /incomplete \(departments 5 could not be read\).*acme\/5 were not read completely/);
	assert.match(plan.actions.find((x) => x.name === 'no-groups').reason, /last-known departments are not recorded/);
	// The same with the delete policy.
	const del = planSync(upstream, casdoor, { ...policy, removal: 'delete', unreadable });
	assert.deepEqual([byAction(del)['left-sales'], byAction(del)['in-web'], byAction(del)['was-forbidden']], ['delete', 'skip', 'skip']);
});

test('planner, complete source: every user missing upstream is removed as before', () => {
	const plan = planSync(upstream, casdoor.slice(0, 4), policy);
	assert.deepEqual(byAction(plan)['left-sales'], 'forbid');
	assert.equal(plan.refusedRemovals, 0);
	const noMark = planSync(upstream, casdoor, { ...policy, maxRemovalPercent: 100 });
	assert.equal(noMark.counts.forbid, 5);
});

test('planner, incomplete source with path groups: a subtree that could not be listed protects everything below its path', () => {
	const paths = [mapped('a', ['acme/Acme > Sales']), mapped('c', ['acme/Acme > Tech'])];
	const before = [
		stored('a', ['acme/Acme > Sales']),
		stored('c', ['acme/Acme > Tech']),
		stored('east', ['acme/Acme > Sales > East']),
		stored('deep', ['acme/Acme > Sales > East > Deep']),
		stored('gone', ['acme/Acme > Tech']),
	];
	const plan = planSync(paths, before, { ...policy, unreadable: [{ id: 2, scope: 'subtree', path: 'Acme / Sales', error: 'x' }] });
	assert.deepEqual(byAction(plan), { a: 'unchanged', c: 'unchanged', east: 'skip', deep: 'skip', gone: 'forbid' });
});

test('planner: the removal guard counts only the removals that would be written', () => {
	// 5 of 8 owned users missing: 62.5% would trip a 40% limit; with 4 of them refused, 1 of 8 does not.
	const plan = planSync(upstream, casdoor.slice(0, 8), { ...policy, maxRemovalPercent: 40, unreadable });
	assert.equal(plan.guard, undefined);
	assert.equal(plan.counts.forbid, 1);
});
