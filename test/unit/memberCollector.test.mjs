import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { MemberCollector } = require('../../dist/lib/directory/sources/memberCollector.js');

// Tree order: 1, 2, 3, 4. ann is in 2 and 3; ceo, bob, cat only in one each.
const departments = [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }];
const tree = new Map(departments.map((d) => [d.id, d]));

function collector({ limit, merge = false, namesAllDepartments = true } = {}) {
	const shaped = [];
	const source = {
		memberId: (m) => m.id,
		namesAllDepartments,
		memberDepartments: (m) => m.depts,
		withDepartments: (m, depts) => ({ ...m, depts }),
		...(merge ? { mergeMember: (known, found) => ({ ...known, facts: [...known.facts, ...found.facts] }) } : {}),
	};
	const c = new MemberCollector(source, departments, tree, (m) => {
		shaped.push(m.id);
		return { out: m.id, depts: m.depts, facts: m.facts };
	}, limit);
	return { c, shaped };
}

test('members come out in tree order and once each, whatever order their lists settle in', () => {
	const { c, shaped } = collector();
	c.settle(3, [{ id: 'cat', depts: [4] }]);
	c.settle(2, [{ id: 'ann', depts: [2, 3] }, { id: 'bob', depts: [3] }]);
	c.settle(0, [{ id: 'ceo', depts: [1] }]);
	c.settle(1, [{ id: 'ann', depts: [2, 3] }]);
	const { members, departmentIds } = c.finish();
	assert.deepEqual(members.map((m) => m.out), ['ceo', 'ann', 'bob', 'cat']);
	assert.deepEqual(departmentIds, [[1], [2, 3], [3], [4]]);
	assert.deepEqual([...shaped].sort(), ['ann', 'bob', 'cat', 'ceo'], 'each member is shaped exactly once');
});

test('a member is shaped as soon as every department it names has been read, not after the last page', () => {
	const { c, shaped } = collector();
	c.settle(0, [{ id: 'ceo', depts: [1] }]);
	assert.deepEqual(shaped, ['ceo'], 'a one-department member is complete at first sight');
	c.settle(1, [{ id: 'ann', depts: [2, 3] }]);
	assert.deepEqual(shaped, ['ceo'], 'ann also belongs to department 3, not read yet: she waits');
	c.settle(3, [{ id: 'cat', depts: [4] }]);
	assert.deepEqual(shaped, ['ceo'], 'department 4 waits for 3: tree order decides who is seen first');
	c.settle(2, [{ id: 'ann', depts: [2, 3] }, { id: 'bob', depts: [3] }]);
	assert.deepEqual(shaped, ['ceo', 'ann', 'bob', 'cat']);
});

test("a member found in several departments has every department's facts merged before shaping", () => {
	const { c } = collector({ merge: true });
	c.settle(0, []);
	c.settle(1, [{ id: 'ann', depts: [2, 3], facts: ['leader in 2'] }]);
	c.settle(2, [{ id: 'ann', depts: [2, 3], facts: ['order in 3'] }]);
	c.settle(3, []);
	assert.deepEqual(c.finish().members, [{ out: 'ann', depts: [2, 3], facts: ['leader in 2', 'order in 3'] }]);
});

test('a member listed in a department it does not name (moved during the read) gets that department too', () => {
	const { c, shaped } = collector();
	c.settle(0, [{ id: 'bob', depts: [1] }]);
	c.settle(1, [{ id: 'bob', depts: [1, 2] }]);
	c.settle(2, []);
	c.settle(3, []);
	const { members, departmentIds } = c.finish();
	assert.deepEqual(members, [{ out: 'bob', depts: [1, 2], facts: undefined }]);
	assert.deepEqual(departmentIds, [[1, 2]]);
	assert.deepEqual(shaped, ['bob', 'bob'], 'shaped again from the later record');
});

test('a department outside the tree never holds a member back; finish shapes members of lists never read', () => {
	const { c, shaped } = collector();
	c.settle(0, [{ id: 'ext', depts: [1, 99] }]);
	assert.deepEqual(shaped, ['ext'], 'department 99 is not in the tree, so it is never waited for');
	c.settle(1, [{ id: 'ann', depts: [2, 3] }]);
	// Department 3 failed (not read), 4 never started: finish counts them as not read.
	c.settle(2, undefined);
	const { members } = c.finish();
	assert.deepEqual(members.map((m) => m.out), ['ext', 'ann']);
});

test('with a limit, only the first members found are kept and shaped', () => {
	const { c, shaped } = collector({ limit: 2 });
	c.settle(0, [{ id: 'ceo', depts: [1] }]);
	c.settle(1, [{ id: 'ann', depts: [2, 3] }]);
	c.settle(2, [{ id: 'ann', depts: [2, 3] }, { id: 'bob', depts: [3] }]);
	const { members } = c.finish();
	assert.deepEqual(members.map((m) => m.out), ['ceo', 'ann']);
	assert.deepEqual(shaped, ['ceo', 'ann']);
});

test('for a source whose members do not name all their departments, every member waits for the end of the read', () => {
	const { c, shaped } = collector({ merge: true, namesAllDepartments: false });
	c.settle(0, [{ id: 'a', depts: [1], facts: ['in 1'] }]);
	c.settle(1, [{ id: 'a', depts: [2], facts: ['in 2'] }]);
	assert.deepEqual(shaped, []);
	c.settle(2, []);
	c.settle(3, []);
	assert.deepEqual(c.finish().members, [{ out: 'a', depts: [1, 2], facts: ['in 1', 'in 2'] }]);
});
