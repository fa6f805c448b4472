import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { walkDirectory } = require('../../dist/lib/directory/sources/walk.js');
const { buildTree, sortTree, subtreeIds } = require('../../dist/lib/directory/sources/tree.js');

const departments = [
	{ id: 1, name: 'Acme', parentId: 0, order: 1 },
	{ id: 2, name: 'Sales', parentId: 1, order: 10 },
	{ id: 3, name: 'Tech', parentId: 1, order: 20 },
	{ id: 4, name: 'East', parentId: 2, order: 1 },
];
const membersByDept = {
	1: [{ id: 'ceo', depts: [1] }],
	2: [{ id: 'ann', depts: [2, 3] }],
	3: [{ id: 'ann', depts: [2, 3] }, { id: 'bob', depts: [3] }],
	4: [{ id: 'cat', depts: [4] }, { id: 'dan', depts: [4] }],
};

function source({ stream = false, delays = {}, fail } = {}) {
	const calls = [];
	const s = {
		concurrency: 3,
		async listDepartments() {
			calls.push('departments');
			return departments;
		},
		async listMembers(id) {
			calls.push(`members:${id}`);
			await new Promise((r) => setTimeout(r, delays[id] ?? 1));
			if (fail === id) throw new Error(`department ${id} failed`);
			return membersByDept[id].map((m) => ({ ...m, depts: [...m.depts] }));
		},
		memberId: (m) => m.id,
		memberDepartments: (m) => m.depts,
		withDepartments: (m, depts) => ({ ...m, depts }),
	};
	if (stream) {
		s.streamDepartments = async (_root, found) => {
			for (const d of departments) {
				found(d);
				calls.push(`found:${d.id}`);
				await new Promise((r) => setTimeout(r, 5));
			}
		};
	}
	return { s, calls };
}

test('tree: paths, depth, order (larger order first) and subtrees', () => {
	const tree = buildTree(departments);
	assert.equal(tree.get(4).path, 'Acme / Sales / East');
	assert.deepEqual(tree.get(4).pathIds, [1, 2, 4]);
	assert.deepEqual(sortTree(tree).map((d) => d.id), [1, 3, 2, 4]);
	assert.deepEqual([...subtreeIds(tree, 2)].sort(), [2, 4]);
	const orphan = buildTree([{ id: 9, name: 'Lonely', parentId: 77 }]);
	assert.equal(orphan.get(9).path, 'Lonely');
	const cycle = buildTree([{ id: 5, name: 'A', parentId: 6 }, { id: 6, name: 'B', parentId: 5 }]);
	assert.equal(cycle.size, 2, 'a parent cycle does not loop forever');
});

for (const stream of [false, true]) {
	test(`walk (${stream ? 'pipelined' : 'in order'}): dedupe, merged departments, deterministic order`, async () => {
		const { s } = source({ stream, delays: { 3: 30, 4: 1 } });
		const { members, departments: ds } = await walkDirectory(s);
		// Tree order (1, Tech 3, Sales 2, East 4), whatever order the pages arrived in.
		assert.deepEqual(members.map((m) => m.id), ['ceo', 'ann', 'bob', 'cat', 'dan']);
		assert.deepEqual(members.find((m) => m.id === 'ann').depts, [2, 3]);
		assert.equal(ds.length, 4);
	});
}

test('pipelined walk starts member fetches before the tree is complete', async () => {
	const { s, calls } = source({ stream: true });
	await walkDirectory(s);
	assert.ok(calls.indexOf('members:1') < calls.indexOf('found:4'), calls.join(' '));
});

test('a failing department fails the walk (no partial directory)', async () => {
	for (const stream of [false, true]) {
		const { s } = source({ stream, fail: 4 });
		await assert.rejects(walkDirectory(s), /department 4 failed/);
	}
});

test('limit stops fetching once enough unique members are known', async () => {
	const { s, calls } = source({ stream: true });
	s.concurrency = 1;
	const { members } = await walkDirectory(s, { limit: 2 });
	assert.equal(members.length, 2);
	assert.ok(calls.filter((c) => c.startsWith('members:')).length < 4);
});
