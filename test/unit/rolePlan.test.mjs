// Unit tests of the pure role functions: names, ownership marker, member resolution, the
// Sync Roles planner and its guard, WeCom tag chunking.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { roleNameFor, iamRoleName, isOwnedRole, roleOwner, roleMarker } = require('../../dist/lib/directory/mapping/roleNames.js');
const { memberIndex } = require('../../dist/lib/directory/targets/casdoor/roleMembers.js');
const { planRoles } = require('../../dist/lib/directory/targets/casdoor/rolePlan.js');
const { tagChunks } = require('../../dist/lib/wecom/tags.js');

const SOURCE = 'wecom:acme';
const policy = { organization: 'acme', source: SOURCE, removal: 'empty', maxRemovalPercent: 20, allowLargeRemovals: false };
const owned = (name, users, extra = {}) => ({ owner: 'acme', name, displayName: name, description: `${roleMarker(SOURCE)} x`, users, ...extra });
const want = (name, members, extra = {}) => ({ name, displayName: name, members, ...extra });

test('role names: kept when usable; "/" replaced and long names cut, each with a hash so names stay apart; by ID with a prefix', () => {
	assert.equal(roleNameFor('  UI   Designers '), 'UI Designers');
	assert.equal(roleNameFor('财务部'), '财务部');
	assert.match(roleNameFor('R&D/Web'), /^R&D_Web-[0-9a-f]{8}$/);
	assert.notEqual(roleNameFor('a/b'), roleNameFor('a_b'));
	assert.equal([...roleNameFor('长'.repeat(150))].length, 100);
	assert.match(roleNameFor(''), /^role-[0-9a-f]{8}$/);
	assert.equal(iamRoleName('wecom', { id: '12', name: 'UI' }, { naming: 'id', prefix: 'wx-' }), 'wx-wecom-tag-12');
	assert.equal(iamRoleName('dingtalk', { id: '3', name: 'Boss' }, { naming: 'id' }), 'dingtalk-role-3');
	assert.equal(iamRoleName('dingtalk', { id: '3', name: 'Boss' }, { naming: 'name', prefix: 'dt-' }), 'dt-Boss');
	assert.equal(iamRoleName('wecom', { name: 'UI' }, { naming: 'id' }), undefined);
	assert.equal(iamRoleName('wecom', { id: '1' }, { naming: 'name' }), undefined);
});

test('ownership: only a description starting with the exact marker of this source', () => {
	assert.equal(isOwnedRole({ description: `${roleMarker(SOURCE)} Mirrors a tag` }, SOURCE), true);
	assert.equal(isOwnedRole({ description: `${roleMarker('wecom:other')} x` }, SOURCE), false);
	assert.equal(isOwnedRole({ description: `copied: ${roleMarker(SOURCE)}` }, SOURCE), false);
	assert.equal(isOwnedRole({ description: null }, SOURCE), false);
	assert.equal(roleOwner({ description: `${roleMarker('dingtalk:x')} y` }), 'dingtalk:x');
});

test('member resolution: the binding wins (our source first), then the name rule, else unmatched; deleted users never match', () => {
	const users = [
		{ name: 'E100', dingtalk: 'u1', properties: { source: 'dingtalk:hq' } },
		{ name: 'other-u1', dingtalk: 'u1', properties: { source: 'dingtalk:else' } },
		{ name: 'u2' },
		{ name: 'gone', dingtalk: 'u3', isDeleted: true },
		{ name: 'alice', wecom: 'alice' },
	];
	const index = memberIndex(users, 'dingtalk:hq', 'sanitize');
	assert.equal(index.resolve('dingtalk', 'u1'), 'E100');
	assert.equal(index.resolve('dingtalk', 'u2'), 'u2', 'no binding: the name rule finds the user');
	assert.equal(index.resolve('dingtalk', 'u3'), undefined);
	assert.equal(index.resolve('dingtalk', 'alice'), 'alice', 'the name rule is provider-neutral');
	assert.equal(index.resolve('wecom', 'u1'), undefined, 'a DingTalk binding is not a WeCom one');
	const reversed = memberIndex([users[1], users[0]], 'dingtalk:hq', 'sanitize');
	assert.equal(reversed.resolve('dingtalk', 'u1'), 'E100', 'order does not matter');
});

test('plan: create, update with added / removed, unchanged, skip foreign / local / duplicates, empty the missing', () => {
	const target = [
		owned('A', ['acme/a', 'acme/b']),
		owned('B', ['acme/c']),
		owned('Gone', ['acme/a']),
		{ owner: 'acme', name: 'Local', description: 'by hand', users: [] },
		owned('Other', [], { description: `${roleMarker('dingtalk:x')} y` }),
	];
	const plan = planRoles(
		[want('A', ['acme/b', 'acme/d'], { itemIndex: 0 }), want('B', ['acme/c']), want('New', ['acme/a']), want('Local', []), want('Other', []), want('New', [])],
		target,
		{ ...policy, allowLargeRemovals: true },
	);
	const by = Object.fromEntries(plan.actions.map((a) => [`${a.name}:${a.action}`, a]));
	assert.deepEqual(Object.keys(by).sort(), ['A:update', 'B:unchanged', 'Gone:empty', 'Local:skip', 'New:create', 'New:skip', 'Other:skip']);
	assert.deepEqual([by['A:update'].added, by['A:update'].removed, by['A:update'].changed, by['A:update'].itemIndex], [['acme/d'], ['acme/a'], ['users'], 0]);
	assert.deepEqual(by['A:update'].role.users, ['acme/b', 'acme/d']);
	assert.equal(by['A:update'].role.description, target[0].description, 'the whole stored role is written back');
	assert.match(by['New:create'].role.description, /^\[n8n-sync source=wecom:acme\]/);
	assert.deepEqual(by['Gone:empty'].role.users, []);
	assert.match(by['New:skip'].reason, /duplicate role name/);
	assert.deepEqual([plan.membersAdded, plan.membersRemoved, plan.ownedRoles, plan.ownedMembers], [2, 2, 3, 4]);
});

test('plan: a display name change alone is an update; delete and ignore policies; an empty owned role missing upstream stays unchanged', () => {
	const renamed = planRoles([want('A', ['acme/a'], { displayName: 'Team A' })], [owned('A', ['acme/a'])], policy);
	assert.deepEqual(renamed.actions[0].changed, ['displayName']);
	const target = [owned('A', ['acme/a']), owned('B', ['acme/b']), owned('E', [])];
	const del = planRoles([want('A', ['acme/a'])], target, { ...policy, removal: 'delete', allowLargeRemovals: true });
	assert.deepEqual(del.actions.map((a) => `${a.name}:${a.action}`), ['A:unchanged', 'B:delete', 'E:delete']);
	const emptied = planRoles([want('A', ['acme/a'])], target, { ...policy, allowLargeRemovals: true });
	assert.deepEqual(emptied.actions.map((a) => `${a.name}:${a.action}`), ['A:unchanged', 'B:empty', 'E:unchanged']);
	const ignored = planRoles([want('A', ['acme/a'])], target, { ...policy, removal: 'ignore' });
	assert.deepEqual(ignored.actions.map((a) => `${a.name}:${a.action}`), ['A:unchanged', 'B:skip', 'E:skip']);
	assert.equal(ignored.guard, undefined);
});

test('guard: membership removals over the limit, roles emptied over the limit, an empty input; the override and nothing-owned pass', () => {
	const target = [owned('A', ['acme/1', 'acme/2', 'acme/3', 'acme/4', 'acme/5']), owned('B', ['acme/6'])];
	const shrink = planRoles([want('A', ['acme/1', 'acme/2', 'acme/3']), want('B', ['acme/6'])], target, policy);
	assert.deepEqual(shrink.guard, {
		removals: 2,
		owned: 6,
		percent: 33.3,
		reason: 'it would remove 2 of the 6 role memberships of source "wecom:acme" in "acme" (33.3%), above the 20% limit',
	});
	assert.equal(planRoles([want('A', ['acme/1', 'acme/2', 'acme/3', 'acme/4']), want('B', ['acme/6'])], target, policy).guard, undefined, '1 of 6 is under 20%');
	assert.match(planRoles([], target, policy).guard.reason, /the input has no roles, but 2 Casdoor roles/);
	assert.equal(planRoles([], target, { ...policy, allowLargeRemovals: true }).guard, undefined);
	assert.equal(planRoles([], [], policy).guard, undefined);
	const deleting = planRoles([want('C', ['acme/1'])], [owned('A', []), owned('B', []), owned('C', ['acme/1'])], { ...policy, removal: 'delete' });
	assert.match(deleting.guard.reason, /it would delete 2 of the 3 roles .*\(66\.7%\)/, 'no membership is lost, but two thirds of the roles are');
});

test('WeCom tag chunks: side by side, ≤1000 userids and ≤100 departments per call', () => {
	const users = Array.from({ length: 2500 }, (_, k) => `u${k}`);
	const depts = Array.from({ length: 150 }, (_, k) => k + 2);
	const chunks = tagChunks(users, depts);
	assert.deepEqual(chunks.map((c) => [c.users.length, c.departments.length]), [[1000, 100], [1000, 50], [500, 0]]);
	assert.deepEqual(chunks.flatMap((c) => c.users), users);
	assert.deepEqual(tagChunks([], [5]), [{ users: [], departments: [5] }]);
});

test('DingTalk role paging: follows nextCursor, stops at hasMore false, refuses hasMore with an empty page instead of looping', async () => {
	const { listRoleMembers } = require('../../dist/lib/dingtalk/roles.js');
	const fake = (pages) => {
		const asked = [];
		return {
			asked,
			transport: { call: async (_method, _path, { body }) => (asked.push(body.offset), { result: pages[body.offset] }) },
		};
	};
	const ok = fake({ 0: { hasMore: true, nextCursor: 200, list: [{ userid: 'a' }] }, 200: { hasMore: false, list: [{ userid: 'b' }] } });
	assert.deepEqual((await listRoleMembers(ok, 7)).map((m) => m.userid), ['a', 'b']);
	assert.deepEqual(ok.asked, [0, 200]);
	const stuck = fake({ 0: { hasMore: true, list: [] } });
	await assert.rejects(listRoleMembers(stuck, 7), /hasMore with an empty page at offset 0/);
});
