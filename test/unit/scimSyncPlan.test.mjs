// The shared planner with the SCIM rules: matching by the ownership externalId, SCIM's
// "forbidden" (active = false), the userName clash, and the one guard with SCIM's words.
// The Casdoor side of the same planner is test/unit/syncPlan.test.mjs.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { planUserSync } = require('../../dist/lib/directory/engine/syncPlan.js');
const { scimSyncRules } = require('../../dist/lib/directory/targets/scim/scimRules.js');

const SOURCE = 'wecom:acme';
const policy = { source: SOURCE, removal: 'forbid', maxRemovalPercent: 20, allowLargeRemovals: false };

/** An IAM user as Map to IAM User makes it. */
function mapped(name, extra = {}) {
	return { owner: 'acme', name, id: name, externalId: name, displayName: name.toUpperCase(), isForbidden: false, wecom: name, properties: { source: SOURCE }, ...extra };
}

/** A stored SCIM user (as a view) this source created. */
function stored(name, extra = {}) {
	return { id: `id-${name}`, userName: name, externalId: `${SOURCE}/${name}`, displayName: name.toUpperCase(), active: true, ...extra };
}

function plan(source, target, extra = {}, userNameFrom) {
	return planUserSync(source, target, { ...policy, ...extra }, scimSyncRules(target, userNameFrom));
}

const byAction = (p) => Object.fromEntries(p.actions.map((a) => [a.name, a.action]));

test('create (a SCIM resource with the ownership externalId), update (changed attributes only), unchanged', () => {
	const p = plan([mapped('a'), mapped('b', { title: 'Engineer' }), mapped('c')], [stored('b'), stored('c')]);
	assert.deepEqual(byAction(p), { a: 'create', b: 'update', c: 'unchanged' });
	const create = p.actions.find((a) => a.name === 'a');
	assert.equal(create.user.externalId, 'wecom:acme/a');
	assert.equal(create.user.userName, 'a');
	assert.deepEqual(create.user.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User']);
	assert.deepEqual(create.ref, { userName: 'a', externalId: 'wecom:acme/a' });
	const update = p.actions.find((a) => a.name === 'b');
	assert.deepEqual([update.columns, update.changes, update.before], [['title'], { title: 'Engineer' }, { title: '' }]);
	assert.deepEqual(update.ref, { userName: 'b', externalId: 'wecom:acme/b', id: 'id-b' }, 'the writer needs the SCIM id');
});

test('matched by externalId: a new userName is a rename (update), not a create plus a removal', () => {
	const p = plan([mapped('a')], [stored('a')], {}, 'email');
	assert.deepEqual(byAction(p), { a: 'unchanged' }, 'no email: the name stays');
	const renamed = plan([mapped('a', { email: 'a@acme.com' })], [stored('a')], {}, 'email');
	assert.equal(renamed.actions.length, 1);
	assert.equal(renamed.actions[0].action, 'update');
	assert.deepEqual(renamed.actions[0].changes, { userName: 'a@acme.com', email: 'a@acme.com' });
});

test('reactivate a returning user; deactivate a disabled one as an update; removals deactivate (active=false)', () => {
	const source = [mapped('back'), mapped('off', { isForbidden: true }), ...['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((n) => mapped(n))];
	const target = [stored('back', { active: false }), stored('off'), ...['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((n) => stored(n)), stored('gone'), stored('goneEarlier', { active: false })];
	const p = plan(source, target);
	const actions = byAction(p);
	assert.deepEqual([actions.back, actions.off, actions.gone, actions.goneEarlier], ['unforbid', 'update', 'forbid', 'unchanged']);
	assert.deepEqual(p.actions.find((a) => a.name === 'back').changes, { active: true });
	const gone = p.actions.find((a) => a.name === 'gone');
	assert.deepEqual([gone.columns, gone.changes, gone.before, gone.ref.id], [['active'], { active: false }, { active: true }, 'id-gone']);
	assert.equal(p.actions.find((a) => a.name === 'goneEarlier').reason, 'missing upstream, already deactivated');
	const del = plan(source, target, { removal: 'delete', maxRemovalPercent: 30 });
	assert.deepEqual([byAction(del).gone, byAction(del).goneEarlier], ['delete', 'delete']);
	const ignore = plan(source, target, { removal: 'ignore' });
	assert.equal(ignore.counts.forbid + ignore.counts.delete, 0);
});

test('ownership: users without the "wecom:acme/" externalId are never changed or removed; a userName they hold is skipped', () => {
	const target = [
		stored('mine'),
		{ id: 'l1', userName: 'local', externalId: 'hr-42', active: true },
		{ id: 'l2', userName: 'nobody', active: true },
		{ id: 'o1', userName: 'other', externalId: 'dingtalk:acme/other', active: true },
	];
	const p = plan([mapped('mine'), mapped('local', { title: 'x' }), mapped('other')], target, { removal: 'delete' });
	assert.deepEqual(byAction(p), { mine: 'unchanged', local: 'skip', other: 'skip' });
	assert.match(p.actions.find((a) => a.name === 'local').reason, /a SCIM user named "local" already exists and belongs to no source \(a local user\)/);
	assert.match(p.actions.find((a) => a.name === 'other').reason, /belongs to source "dingtalk:acme"/);
	assert.equal(p.ownedUsers, 1);
	assert.ok(!p.actions.some((a) => ['l2', 'o1', 'l1'].includes(a.ref.id) && a.action !== 'skip'));
	assert.equal(plan([], target, { removal: 'delete' }).guard.owned, 1, 'only the source\'s users count for the guard');
});

test('a case-only userName difference is the same user on the server', () => {
	const p = plan([mapped('Alice')], [stored('alice', { externalId: `${SOURCE}/Alice` })]);
	assert.deepEqual(byAction(p), { Alice: 'unchanged' });
	const clash = plan([mapped('Bob')], [{ id: 'x', userName: 'bob', externalId: 'hr-1' }]);
	assert.equal(clash.actions[0].action, 'skip');
});

test('duplicate source users (same external ID) are skipped, not written twice', () => {
	const p = plan([mapped('a'), mapped('a', { title: 'x' })], []);
	assert.deepEqual(p.actions.map((a) => a.action), ['create', 'skip']);
	assert.match(p.actions[1].reason, /duplicate external ID: input item 0/);
});

test('the one guard, with SCIM\'s words: empty input and a large shrink stop the plan; override and the limit let it through', () => {
	const target = ['a', 'b', 'c', 'd'].map((n) => stored(n));
	const empty = plan([], target);
	assert.match(empty.guard.reason, /^the input has no users, but 4 SCIM users of source "wecom:acme" exist on the SCIM server/);
	const shrink = plan([mapped('a'), mapped('b')], target);
	assert.equal(shrink.guard.reason, 'it would deactivate 2 of the 4 users of source "wecom:acme" on the SCIM server (50%), above the 20% limit');
	assert.match(plan([mapped('a'), mapped('b')], target, { removal: 'delete' }).guard.reason, /it would delete 2 of the 4/);
	assert.equal(plan([mapped('a'), mapped('b')], target, { allowLargeRemovals: true }).guard, undefined);
	assert.equal(plan([mapped('a'), mapped('b')], target, { maxRemovalPercent: 50 }).guard, undefined);
});

test('an incomplete read (unreadable departments) removes no SCIM user: SCIM does not record departments', () => {
	const unreadable = [{ id: 7, scope: 'members', error: 'x' }];
	const p = plan([mapped('a')], [stored('a'), stored('gone')], { unreadable, maxRemovalPercent: 100 });
	assert.deepEqual(byAction(p), { a: 'unchanged', gone: 'skip' });
	assert.equal(p.refusedRemovals, 1);
	assert.match(p.actions.find((a) => a.name === 'gone').reason, /incomplete/);
	const complete = plan([mapped('a')], [stored('a'), stored('gone')], { maxRemovalPercent: 100 });
	assert.deepEqual(byAction(complete), { a: 'unchanged', gone: 'forbid' });
	assert.equal(complete.refusedRemovals, 0);
});

test('users whose input is invalid (policy.keep) are never removed', () => {
	const p = plan([mapped('a')], [stored('a'), stored('bad')], { keep: [mapped('bad')], maxRemovalPercent: 100 });
	assert.deepEqual(byAction(p), { a: 'unchanged' });
});
