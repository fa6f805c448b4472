// The completeness rule, directly: how far the read marks an input carries let a sync remove.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { ReadTallies, assessCompleteness, newReadMark, readMark } = require('../../dist/lib/directory/engine/completeness.js');
const { planSync } = require('../../dist/lib/directory/targets/casdoor/casdoorPlan.js');
const { planRoles } = require('../../dist/lib/directory/targets/casdoor/rolePlan.js');

const whole = (members, extra = {}) => ({ ...newReadMark({ provider: 'wecom', scope: 'directory', members, limited: false, unreadable: 0 }), ...extra });
const tally = (entries, declared = false) => {
	const t = new ReadTallies();
	for (const [json, name] of entries) t.add(json, name);
	return t.assess(declared);
};

test('a complete read of the whole directory, every member present: removals anywhere', () => {
	const mark = whole(3);
	assert.deepEqual(tally([[{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'b'], [{ directoryRead: mark }, 'c']]), { reach: 'whole', reasons: [] });
});

test('fewer members than the read output (a Filter), more (duplicated), or some unmarked: nothing removed unless declared', () => {
	const mark = whole(3);
	const filtered = tally([[{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'b']]);
	assert.equal(filtered.reach, 'none');
	assert.match(filtered.reasons[0], /holds 2 of the 3 members/);
	assert.equal(tally([[{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'b']], true).reach, 'whole');
	// The same user twice counts once: a duplicated item does not hide a dropped one.
	assert.equal(tally([[{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'b']]).reach, 'none');
	const mixed = tally([[{ directoryRead: mark }, 'a'], [{ directoryRead: mark }, 'b'], [{ directoryRead: mark }, 'c'], [{}, 'x']]);
	assert.equal(mixed.reach, 'none');
	assert.match(mixed.reasons[0], /1 of the 4 input users carry no directory-read mark/);
	assert.equal(tally([[{}, 'x']]).reach, 'none');
	assert.equal(tally([[{}, 'x']], true).reach, 'whole');
});

test('a limited read holds everything even when declared; skipped departments and subtrees remove only placed users', () => {
	const limited = newReadMark({ provider: 'dingtalk', scope: 'directory', members: 2, limited: true, unreadable: 0 });
	assert.equal(limited.complete, false);
	assert.equal(tally([[{ directoryRead: limited }, 'a'], [{ directoryRead: limited }, 'b']], true).reach, 'none');
	const skipped = newReadMark({ provider: 'wecom', scope: 'directory', members: 1, limited: false, unreadable: 2 });
	assert.equal(tally([[{ directoryRead: skipped }, 'a']]).reach, 'placed');
	const narrowed = newReadMark({ provider: 'wecom', scope: 'directory', members: 1, limited: false, unreadable: 0, narrowed: true });
	assert.equal(tally([[{ directoryRead: narrowed }, 'a']]).reach, 'placed');
	const subtree = newReadMark({ provider: 'wecom', scope: 'subtree', root: 4, members: 1, limited: false, unreadable: 0 });
	const c = tally([[{ directoryRead: subtree }, 'a']]);
	assert.equal(c.reach, 'placed');
	assert.match(c.reasons[0], /department 4 and below covers part of the directory/);
});

test('a mark mangled by a node in between is no mark', () => {
	assert.equal(readMark({ id: 'x', scope: 'directory', members: '3', complete: true }), undefined);
	assert.equal(readMark('abc'), undefined);
	assert.equal(readMark({ id: '', scope: 'directory', members: 3, complete: true }), undefined);
	assert.deepEqual(assessCompleteness({ reads: [], unmarked: 0, total: 0, declaredComplete: false }).reach, 'whole', 'an empty input is the guard\'s business');
});

const SOURCE = 'wecom:acme';
const mapped = (name, groups) => ({ owner: 'acme', name, properties: { source: SOURCE }, groups });
const stored = (name, groups) => ({ owner: 'acme', name, isForbidden: false, groups, properties: { source: SOURCE, sourceGroups: JSON.stringify(groups) } });
const policy = { organization: 'acme', source: SOURCE, removal: 'forbid', maxRemovalPercent: 100, allowLargeRemovals: false };

test('planner: reach none holds every removal with the reason; placed removes only users whose departments were read', () => {
	const upstream = [mapped('a', ['acme/2'])];
	const casdoor = [stored('a', ['acme/2']), stored('left2', ['acme/2']), stored('left3', ['acme/3'])];
	const none = planSync(upstream, casdoor, { ...policy, completeness: { reach: 'none', reasons: ['limited'] } });
	assert.equal(none.counts.forbid, 0);
	assert.equal(none.refusedRemovals, 2);
	assert.match(none.actions.find((x) => x.name === 'left2').reason, /removal is held: limited/);
	const placed = planSync(upstream, casdoor, { ...policy, completeness: { reach: 'placed', reasons: ['subtree'] } });
	assert.deepEqual(placed.actions.filter((x) => x.action === 'forbid').map((x) => x.name), ['left2']);
	assert.equal(planSync(upstream, casdoor, policy).counts.forbid, 2);
});

test('planner: group memberships the sync did not record are kept; the ones it did are replaced', () => {
	const casdoor = [{ ...stored('a', ['acme/2']), groups: ['acme/vip', 'acme/2'] }];
	const plan = planSync([mapped('a', ['acme/3'])], casdoor, policy);
	const update = plan.actions[0];
	assert.equal(update.action, 'update');
	assert.deepEqual(update.changes.groups, ['acme/vip', 'acme/3']);
	assert.equal(update.changes.properties.sourceGroups, '["acme/3"]');
	assert.equal(planSync([mapped('a', ['acme/2'])], casdoor, policy).actions[0].action, 'unchanged');
});

test('role plan: held removals keep members not in the input and every role missing upstream', () => {
	const role = (name, users) => ({ owner: 'acme', name, description: `[n8n-sync source=${SOURCE}] x`, users });
	const target = [role('A', ['acme/a', 'acme/b']), role('B', ['acme/a'])];
	const rolePolicy = { organization: 'acme', source: SOURCE, removal: 'empty', maxRemovalPercent: 100, allowLargeRemovals: false };
	const held = planRoles([{ name: 'A', members: [] }], target, { ...rolePolicy, hold: { reason: 'limited', known: new Set(['acme/a']) } });
	const a = held.actions.find((x) => x.name === 'A');
	assert.deepEqual([a.action, a.removed, a.role.users], ['update', ['acme/a'], ['acme/b']]);
	assert.equal(held.actions.find((x) => x.name === 'B').action, 'skip');
	assert.equal(held.removalsHeld, 2);
	const free = planRoles([{ name: 'A', members: [] }], target, rolePolicy);
	assert.deepEqual(free.actions.map((x) => x.action).sort(), ['empty', 'update']);
});
