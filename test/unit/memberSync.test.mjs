// Pure parts of the member sync: department names (IDs, paths, planned creations), row
// resolution, ownership by managed subtree, and the resource mapper's field lists.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { loadOptions, node } from '../harness/n8n.mjs';

const require = createRequire(import.meta.url);
const { DepartmentCreator, DepartmentDirectory, parseDepartmentNames } = require('../../dist/lib/directory/memberSync/departments.js');
const { planMemberSync } = require('../../dist/lib/directory/memberSync/rules.js');
const { weComMemberSpec, weComRow } = require('../../dist/lib/directory/memberSync/wecomTarget.js');
const { buildTree } = require('../../dist/lib/directory/tree.js');

const tree = buildTree([
	{ id: 1, name: 'Acme', parentId: 0 },
	{ id: 2, name: 'Sales', parentId: 1 },
	{ id: 3, name: 'East', parentId: 2 },
	{ id: 5, name: 'Finance', parentId: 1 },
	{ id: 6, name: 'East', parentId: 5 },
]);
const inSales = (id) => tree.get(id)?.pathIds.includes(2) ?? false;

test('department names: IDs, paths, separators, duplicates and illegal names', () => {
	assert.deepEqual(parseDepartmentNames('12; Sales/East ,3', 'Departments'), [{ id: 12 }, { path: 'Sales / East' }, { id: 3 }]);
	assert.deepEqual(parseDepartmentNames([4, 'Acme / Sales'], 'Departments'), [{ id: 4 }, { path: 'Acme / Sales' }]);
	assert.deepEqual(parseDepartmentNames('', 'Departments'), []);
	assert.throws(() => parseDepartmentNames('3; 3', 'Departments'), /Invalid "Departments": names the same department twice/);
	assert.throws(() => parseDepartmentNames('Sales / Ea*st', 'Departments'), /may not contain/);
	assert.throws(() => parseDepartmentNames({ id: 3 }, 'Departments'), /IDs or paths/);
});

test('paths resolve from the top or in full; ambiguous, unknown and out-of-scope ones are refused naming the field', () => {
	const dir = new DepartmentDirectory(tree, inSales, false);
	assert.equal(dir.resolve({ path: 'Sales / East' }, 'Departments'), 3);
	assert.equal(dir.resolve({ path: 'Acme / Sales / East' }, 'Departments'), 3);
	assert.equal(dir.resolve({ id: 3 }, 'Departments'), 3);
	assert.throws(() => dir.resolve({ id: 6 }, 'Departments'), /department 6 \(Acme \/ Finance \/ East\) is outside the Managed Departments/);
	assert.throws(() => dir.resolve({ id: 99 }, 'Departments'), /department 99 does not exist/);
	assert.throws(() => dir.resolve({ path: 'Sales / North' }, 'Departments'), /no department has the path "Sales \/ North".*Create Missing Departments/);
	// Two tops (an app that sees two subtrees): a path below "the top" may name two departments.
	const twoTops = new DepartmentDirectory(buildTree([
		{ id: 2, name: 'Sales', parentId: 1 },
		{ id: 3, name: 'East', parentId: 2 },
		{ id: 5, name: 'Ops', parentId: 1 },
		{ id: 6, name: 'East', parentId: 5 },
	]), () => true, false);
	assert.throws(() => twoTops.resolve({ path: 'East' }, 'Departments'), /the path "East" names 2 departments \(IDs 3, 6\); use the ID or the full path/);
	assert.equal(twoTops.resolve({ path: 'Ops / East' }, 'Departments'), 6);
});

test('missing paths are planned below their deepest existing department and created once, parents first', async () => {
	const dir = new DepartmentDirectory(tree, inSales, true);
	assert.equal(dir.resolve({ path: 'Sales / North / Zone 1' }, 'Departments'), 'Acme / Sales / North / Zone 1');
	assert.deepEqual([...dir.planned.values()].map((p) => [p.path, p.parent, p.name]), [
		['Acme / Sales / North', 2, 'North'],
		['Acme / Sales / North / Zone 1', 'Acme / Sales / North', 'Zone 1'],
	]);
	assert.throws(() => dir.resolve({ path: 'Finance / New' }, 'Departments'), /below "Acme \/ Finance", which is outside the Managed Departments/);
	const calls = [];
	let next = 100;
	const creator = new DepartmentCreator(dir, async (name, parentId) => {
		calls.push([name, parentId]);
		return next++;
	});
	const ids = await Promise.all([creator.id('Acme / Sales / North / Zone 1'), creator.id('Acme / Sales / North / Zone 1'), creator.id('Acme / Sales / North')]);
	assert.deepEqual(ids, [101, 101, 100]);
	assert.deepEqual(calls, [['North', 2], ['Zone 1', 100]]);
});

test('ownership: only members whose every department is managed, minus the exclusions; changed fields only', () => {
	const stored = [
		{ userid: 'a', name: 'A', department: [3], position: 'x', enable: 1, status: 1, mobile: '13800000001' },
		{ userid: 'b', name: 'B', department: [3, 6], position: 'x', enable: 1 },
		{ userid: 'Admin', name: 'Root', department: [2], enable: 1 },
		{ userid: 'gone', name: 'G', department: [2], enable: 1 },
	];
	const desired = [
		{ userid: 'A', name: 'A', fields: { position: 'y', mobile: '+86 138 0000 0002' }, departments: [3], enable: 1 },
		{ userid: 'b', name: 'B', fields: { position: 'y' } },
		{ userid: 'admin', name: 'Root', fields: { position: 'boss' } },
		{ userid: 'svc', name: 'Service', fields: {}, departments: [2] },
	];
	const plan = planMemberSync({
		desired,
		stored,
		keep: [],
		policy: { removal: 'forbid', maxRemovalPercent: 100, allowLargeRemovals: false, completeness: { reach: 'whole', reasons: [] } },
		spec: weComMemberSpec,
		scope: { inScope: inSales, excluded: new Set(['admin', 'svc']) },
	});
	const by = Object.fromEntries(plan.actions.map((a) => [String(a.ref.userid).toLowerCase(), a]));
	assert.equal(by.a.action, 'update');
	assert.deepEqual(by.a.columns, ['position'], 'userids match ignoring case; the activated member\'s mobile is left out');
	assert.match(by.a.reason, /WeCom keeps the number a member activated WeCom with/);
	assert.match(by.b.reason, /is in department 6, outside the Managed Departments/);
	assert.match(by.admin.reason, /Never Touch These Users/);
	assert.equal(by.gone.action, 'forbid');
	assert.equal(by.svc.action, 'skip', 'a row for an excluded user ID is not even created');
	assert.match(by.svc.reason, /Never Touch These Users/);
	assert.equal(plan.counts.create, 0);
	assert.equal(plan.ownedUsers, 2);
});

test('rows are checked with WeCom\'s rules before any call, naming the field', () => {
	assert.deepEqual(weComRow({ userid: 'zhang.san', name: '张三', mobile: '13800000000', departments: '3', enabled: 'false' }), {
		userid: 'zhang.san', name: '张三', fields: { mobile: '13800000000' }, departments: [{ id: 3 }], enabled: false,
	});
	assert.throws(() => weComRow({ userid: '-x', name: 'N' }), /Invalid "User ID"/);
	assert.throws(() => weComRow({ userid: 'x', name: 'N', email: 'nope' }), /Invalid "Email"/);
	assert.throws(() => weComRow({ userid: 'x', name: 'N', mainDepartment: '3; 4' }), /Invalid "Main Department": must be one department/);
	assert.throws(() => weComRow({ userid: 'x', name: 'N', enabled: 'maybe' }), /Invalid "Enabled"/);
});

test('the resource mapper lists the fields of each target', async () => {
	const wecom = await loadOptions({ node: node('weCom', { resource: 'member', operation: 'syncMembers' }), kind: 'resourceMapping', method: 'getMemberSyncFields' });
	assert.deepEqual(wecom.fields.filter((f) => f.required).map((f) => f.id), ['userid', 'name']);
	assert.ok(wecom.fields.some((f) => f.id === 'leaderOf' && f.display && !f.canBeUsedToMatch));
	const dingtalk = await loadOptions({ node: node('dingTalk', { resource: 'user', operation: 'syncUsersFromInput' }), kind: 'resourceMapping', method: 'getUserSyncFields' });
	assert.deepEqual(dingtalk.fields.map((f) => f.id), ['userid', 'name', 'mobile', 'email', 'departments', 'title', 'jobNumber', 'telephone', 'workPlace']);
});
