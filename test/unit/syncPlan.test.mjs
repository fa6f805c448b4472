// planSync and diffUser: pure functions, so every rule is checked directly here; the
// engine tests check the node that executes the plans.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { planSync } = require('../../dist/lib/directory/targets/casdoor/casdoorPlan.js');
const { diffUser, samePhone } = require('../../dist/lib/directory/engine/userDiff.js');

const SOURCE = 'wecom:acme';
const policy = { organization: 'acme', source: SOURCE, removal: 'forbid', maxRemovalPercent: 20, allowLargeRemovals: false };

function mapped(name, extra = {}) {
	return { owner: 'acme', name, id: name, externalId: name, displayName: name.toUpperCase(), isForbidden: false, wecom: name, properties: { source: SOURCE }, ...extra };
}

/** A Casdoor user as get-users answers it: every column present, empty ones "" / false / null. */
function stored(name, extra = {}) {
	return {
		owner: 'acme', name, id: name, externalId: name, type: 'normal-user', displayName: name.toUpperCase(), email: '', phone: '',
		countryCode: '', avatar: 'https://cdn/default.png', title: '', gender: '', isForbidden: false, isDeleted: false, wecom: name,
		dingtalk: '', groups: null, properties: { source: SOURCE }, ...extra,
	};
}

const byAction = (plan) => Object.fromEntries(plan.actions.map((a) => [a.name, a.action]));

test('create, update (changed columns only), unchanged', () => {
	const plan = planSync(
		[mapped('a'), mapped('b', { title: 'Engineer' }), mapped('c')],
		[stored('b'), stored('c')],
		policy,
	);
	assert.deepEqual(byAction(plan), { a: 'create', b: 'update', c: 'unchanged' });
	const create = plan.actions.find((a) => a.name === 'a');
	assert.equal(create.user.type, 'normal-user');
	assert.deepEqual(create.user.properties, { source: SOURCE });
	const update = plan.actions.find((a) => a.name === 'b');
	assert.deepEqual(update.columns, ['title']);
	assert.deepEqual(update.changes, { title: 'Engineer' });
	assert.deepEqual(update.before, { title: '' });
	assert.equal(update.sourceIndex, 1);
	assert.deepEqual(plan.counts, { create: 1, update: 1, link: 0, unforbid: 0, forbid: 0, delete: 0, unchanged: 1, skip: 0 });
});

test('a planned create is the input record itself, completed, not a copy (issue 20); the properties it came with are replaced, never changed', () => {
	// The properties of an n8n item (no source tag yet) and of one already tagged by Map to IAM User.
	const itemProperties = { team: 'x' };
	const input = [mapped('a', { groups: ['acme/dept-2'], properties: itemProperties }), mapped('b')];
	const tagged = input[1].properties;
	const plan = planSync(input, [], policy);
	const [a, b] = plan.actions;
	assert.equal(a.user, input[0]);
	assert.equal(b.user, input[1]);
	assert.deepEqual(itemProperties, { team: 'x' });
	assert.deepEqual(a.user.properties, { team: 'x', source: SOURCE, sourceGroups: '["acme/dept-2"]' });
	assert.equal(b.user.properties, tagged);
	assert.equal(a.user.type, 'normal-user');
	// Completing is idempotent: planned again (account linking asks more than once), the same records.
	const before = structuredClone(input);
	planSync(input, [], { ...policy, linkBy: 'email' });
	assert.deepEqual(input, before);
});

test('only the fields the mapping produced are compared: server-filled avatar, local extras stay', () => {
	// The mapping gave no avatar (WeCom withheld it); Casdoor filled the org default; a local tag exists.
	const plan = planSync([mapped('a')], [stored('a', { tag: 'vip', avatar: 'https://cdn/default.png' })], policy);
	assert.deepEqual(byAction(plan), { a: 'unchanged' });
});

test('a field missing upstream is never blanked', () => {
	const plan = planSync([mapped('a', { email: '', phone: null })], [stored('a', { email: 'a@x.com', phone: '13800000000' })], policy);
	assert.deepEqual(byAction(plan), { a: 'unchanged' });
});

test('unforbid a returning user; forbid a disabled one as an update', () => {
	const plan = planSync(
		[mapped('back'), mapped('off', { isForbidden: true })],
		[stored('back', { isForbidden: true }), stored('off')],
		policy,
	);
	assert.deepEqual(byAction(plan), { back: 'unforbid', off: 'update' });
	assert.deepEqual(plan.actions[0].changes, { isForbidden: false });
	assert.deepEqual(plan.actions[1].changes, { isForbidden: true });
});

test('a returning user that was soft-deleted is restored', () => {
	const plan = planSync([mapped('back')], [stored('back', { isDeleted: true })], policy);
	assert.equal(plan.actions[0].action, 'unforbid');
	assert.deepEqual(plan.actions[0].changes, { isDeleted: false });
});

test('users of this source missing upstream: forbid, delete or ignore; already forbidden is unchanged', () => {
	const source = [mapped('a'), mapped('b'), mapped('c'), mapped('d'), mapped('e')];
	const target = [...source.map((u) => stored(u.name)), stored('gone'), stored('goneEarlier', { isForbidden: true })];
	const loose = { ...policy, maxRemovalPercent: 50 };
	const forbid = planSync(source, target, loose);
	assert.equal(byAction(forbid).gone, 'forbid');
	assert.equal(byAction(forbid).goneEarlier, 'unchanged');
	const action = forbid.actions.find((a) => a.name === 'gone');
	assert.deepEqual(action.columns, ['isForbidden']);
	assert.deepEqual(action.changes, { isForbidden: true });
	assert.equal(action.sourceIndex, undefined);
	const del = planSync(source, target, { ...loose, removal: 'delete' });
	assert.equal(byAction(del).gone, 'delete');
	assert.equal(byAction(del).goneEarlier, 'delete');
	const ignore = planSync(source, target, { ...loose, removal: 'ignore' });
	assert.equal(byAction(ignore).gone, 'skip');
	assert.equal(ignore.counts.forbid + ignore.counts.delete, 0);
});

test('local users and other sources\' users are never touched, even with the same name', () => {
	const target = [
		stored('local', { properties: null, externalId: '' }),
		stored('other', { properties: { source: 'dingtalk:acme' } }),
		stored('clash', { properties: { source: 'dingtalk:acme' } }),
		stored('mine'),
	];
	const plan = planSync([mapped('mine'), mapped('clash', { title: 'x' })], target, { ...policy, removal: 'delete' });
	assert.deepEqual(byAction(plan), { mine: 'unchanged', clash: 'skip' });
	assert.match(plan.actions.find((a) => a.name === 'clash').reason, /dingtalk:acme/);
	assert.equal(plan.ownedUsers, 1);
	assert.ok(!plan.actions.some((a) => a.name === 'local' || a.name === 'other'));
});

test('a duplicate name in the input is skipped, not written twice', () => {
	const plan = planSync([mapped('a'), mapped('a', { title: 'x' })], [], policy);
	assert.deepEqual(plan.actions.map((a) => a.action), ['create', 'skip']);
});

test('guard: an empty source with existing users trips it', () => {
	const plan = planSync([], [stored('a'), stored('b')], policy);
	assert.ok(plan.guard);
	assert.match(plan.guard.reason, /no users.*2 Casdoor users of source "wecom:acme"/);
	assert.equal(planSync([], [stored('a')], { ...policy, allowLargeRemovals: true }).guard, undefined);
	assert.equal(planSync([], [], policy).guard, undefined, 'nothing owned, nothing to protect');
});

test('guard: a 50% shrink trips the 20% limit, with the numbers; override and the limit let it through', () => {
	const target = ['a', 'b', 'c', 'd'].map((n) => stored(n));
	const plan = planSync([mapped('a'), mapped('b')], target, policy);
	assert.deepEqual(plan.guard, {
		removals: 2,
		owned: 4,
		percent: 50,
		reason: 'it would forbid 2 of the 4 users of source "wecom:acme" in "acme" (50%), above the 20% limit',
	});
	assert.equal(planSync([mapped('a'), mapped('b')], target, { ...policy, allowLargeRemovals: true }).guard, undefined);
	assert.equal(planSync([mapped('a'), mapped('b')], target, { ...policy, maxRemovalPercent: 50 }).guard, undefined);
	assert.equal(planSync([mapped('a'), mapped('b'), mapped('c')], target, policy).guard.percent, 25);
	assert.equal(planSync([mapped('a'), mapped('b')], target, { ...policy, removal: 'ignore' }).guard, undefined);
});

test('diff: phones compare normalized, properties merge, groups compare as sets', () => {
	assert.ok(samePhone('+86 138 0013 8000', '13800138000'));
	assert.ok(samePhone('138-0013-8000', '13800138000'));
	assert.ok(!samePhone('+86 13800138001', '13800138000'));
	assert.ok(!samePhone('13800138000', '3800138000'), 'a suffix alone is not enough without a country code');
	const existing = stored('a', { phone: '13800138000', countryCode: 'CN', properties: { source: SOURCE, costCenter: 'R1' }, groups: ['acme/2', 'acme/1'] });
	assert.deepEqual(diffUser(mapped('a', { phone: '+86 13800138000', groups: ['acme/1', 'acme/2'] }), existing).columns, []);
	const diff = diffUser(mapped('a', { groups: ['acme/1'], properties: { source: 'wecom:new' } }), existing);
	assert.deepEqual(diff.columns.sort(), ['groups', 'properties']);
	assert.deepEqual(diff.changes.properties, { source: 'wecom:new', costCenter: 'R1' }, 'properties set by others survive');
	assert.deepEqual(diffUser({ groups: ['acme/1'] }, stored('a')).changes, { groups: ['acme/1'] }, 'null groups read as none');
});
