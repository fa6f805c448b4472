// The safety contracts of a sync you can leave running (issue: completeness, ownership), through
// n8n's engine as users build the workflows by hand: WeCom / DingTalk Get All in Directory →
// (a node in between) → Map to IAM User → Casdoor Sync Users. A sync removes only what a
// complete, unfiltered read no longer has, and changes only the group memberships it owns.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { node, runWorkflowChecked } from './harness/n8n.mjs';
import { casdoorState, startCasdoor, startDirectory, syncedUsers, workflow } from './reliability/chaos.mjs';

const org = generateOrg({ users: 60, departments: 8, seed: 31 });
const orgD = generateOrg({ users: 60, departments: 8, seed: 32 });
const synced = { wecom: syncedUsers('wecom', org), dingtalk: syncedUsers('dingtalk', orgD) };

/** Casdoor as a first complete sync left it, plus `gone` users of the same source that are no longer upstream. */
async function seeded(provider, gone = 2) {
	const users = structuredClone(await synced[provider]);
	const source = users[0].properties.source;
	for (let k = 0; k < gone; k++) {
		users.push({ owner: 'acme', name: `gone-${k}`, id: `gone-${k}`, externalId: `gone-${k}`, type: 'normal-user', groups: ['acme/1'], properties: { source, sourceGroups: '["acme/1"]' } });
	}
	return users;
}

async function withSync(provider, casdoorUsers, fn, directory = provider === 'wecom' ? org : orgD) {
	const dir = await startDirectory(provider, directory, { timeoutSeconds: 5, dingTalkQps: 500 });
	const cas = await startCasdoor(casdoorUsers, 5);
	try {
		const run = (nodes) =>
			runWorkflowChecked({ nodes, credentials: { ...dir.credentials, ...cas.credentials } }, { canaries: () => [...dir.canaries(), ...cas.canaries()] });
		await fn({ dir, cas, run });
	} finally {
		await dir.emu.close();
		await cas.emu.close();
	}
}

const snapshot = (cas) => [...cas.users.values()].map((u) => structuredClone(u));
const summaryOf = (r) => r.output('Sync').find((j) => j.action === 'summary');
const forbiddenNames = (users) => users.filter((u) => u.isForbidden === true).map((u) => u.name);
/** Users forbidden now that were not before. */
const newlyForbidden = (cas, before) => {
	const was = new Set(forbiddenNames(before));
	return forbiddenNames([...cas.users.values()]).filter((n) => !was.has(n)).sort();
};
const held = (r) => r.output('Sync').filter((j) => j.action === 'skip' && /removal is held/.test(j.reason ?? '')).map((j) => j.name);
const [getAll, map, sync] = [0, 1, 2];

/** The chain with `between` inserted after Get All; Get All's parameters replaced by `getAllParams` when given. */
function chain(provider, { getAllParams, between = [], syncOptions = {}, mapOptions } = {}) {
	const nodes = workflow(provider, { sync: { syncOptions }, ...(mapOptions ? { map: { mapOptions } } : {}) });
	if (getAllParams) nodes[getAll] = { ...nodes[getAll], parameters: getAllParams };
	return [nodes[getAll], ...between, nodes[map], nodes[sync]];
}

test('a truncated read (Return All off, Limit 50, on a 60-member directory) forbids nobody; the plan says why', async () => {
	await withSync('wecom', await seeded('wecom'), async ({ cas, run }) => {
		const before = snapshot(cas.emu);
		const r = await run(chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory', returnAll: false, limit: 50, output: 'raw' } }));
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('Get All').length, 50);
		const s = summaryOf(r);
		assert.equal(s.forbidden, 0);
		assert.equal(s.inputComplete, false);
		// The active members the limit left out and the 2 really gone: all held, none forbidden.
		const active = org.users.slice(50).filter((u) => !before.find((b) => b.name === u.userid)?.isForbidden).length;
		assert.ok(active > 0);
		assert.equal(s.removalsHeld, active + 2);
		assert.deepEqual(held(r).filter((n) => n.startsWith('gone-')).sort(), ['gone-0', 'gone-1']);
		assert.match(s.removalsHeldBecause, /limited to 50 members \(turn on Return All\)/);
		assert.deepEqual(newlyForbidden(cas.emu, before), []);
	});
});

test('Get All in Directory left at its defaults reads everything: the users really gone are forbidden', async () => {
	await withSync('wecom', await seeded('wecom'), async ({ cas, run }) => {
		const before = snapshot(cas.emu);
		const r = await run(chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory' } }));
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('Get All').length, 60);
		const mark = r.output('Get All')[0].directoryRead;
		assert.deepEqual({ ...mark, id: typeof mark.id }, { id: 'string', provider: 'wecom', scope: 'directory', members: 60, complete: true });
		const s = summaryOf(r);
		assert.equal(s.forbidden, 2);
		assert.equal(s.inputComplete, undefined);
		assert.deepEqual(newlyForbidden(cas.emu, before), ['gone-0', 'gone-1']);
	});
});

test('DingTalk too: a limited read holds removals, a complete one makes them', async () => {
	await withSync('dingtalk', await seeded('dingtalk'), async ({ cas, run }) => {
		const limited = await run(chain('dingtalk', { getAllParams: { resource: 'user', operation: 'getAllInDirectory', returnAll: false, limit: 40, output: 'raw' } }));
		assert.equal(limited.status, 'success', limited.error?.message);
		assert.equal(summaryOf(limited).forbidden, 0);
		assert.ok(summaryOf(limited).removalsHeld >= 2);
		assert.deepEqual(held(limited).filter((n) => n.startsWith('gone-')).sort(), ['gone-0', 'gone-1']);
		const whole = await run(chain('dingtalk', { getAllParams: { resource: 'user', operation: 'getAllInDirectory', output: 'raw' } }));
		assert.equal(summaryOf(whole).forbidden, 2);
	});
});

test('a Filter or Code node that drops members in between: nothing is removed, creates and updates still go', async () => {
	await withSync('wecom', await seeded('wecom'), async ({ dir, cas, run }) => {
		const before = snapshot(cas.emu);
		const newcomer = { ...org.users[0], userid: 'newcomer', name: 'Newcomer', mobile: '', email: '' };
		dir.emu.state.addUser(newcomer);
		const drop = node('n8n-nodes-base.code', { jsCode: "return items.filter((item, i) => i !== 1)" }, { name: 'Code', type: 'n8n-nodes-base.code' });
		const r = await run(chain('wecom', { between: [drop] }));
		assert.equal(r.status, 'success', r.error?.message);
		const s = summaryOf(r);
		assert.equal(s.created, 1, 'the new member is created');
		assert.equal(s.forbidden, 0);
		assert.match(s.removalsHeldBecause, /holds 60 of the 61 members .*a Filter, Limit or other node in between left some out/);
		assert.ok(cas.emu.user('newcomer'));
		assert.deepEqual(newlyForbidden(cas.emu, before), []);
	});
});

test('a Set node that rebuilds the items (the read mark is gone): nothing is removed unless "Input Is the Complete Source" is on', async () => {
	await withSync('wecom', await seeded('wecom'), async ({ cas, run }) => {
		const before = snapshot(cas.emu);
		const set = node(
			'n8n-nodes-base.set',
			{ mode: 'raw', jsonOutput: '={{ JSON.stringify({ userid: $json.userid, name: $json.name, department: $json.department, status: $json.status, enable: $json.enable }) }}' },
			{ name: 'Set', type: 'n8n-nodes-base.set' },
		);
		const r = await run(chain('wecom', { between: [set] }));
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(summaryOf(r).forbidden, 0);
		assert.match(summaryOf(r).removalsHeldBecause, /does not come from a complete directory read .* "Input Is the Complete Source" is off/);
		assert.deepEqual(newlyForbidden(cas.emu, before), []);
		const vouched = await run(chain('wecom', { between: [set], syncOptions: { inputIsComplete: true } }));
		assert.equal(summaryOf(vouched).forbidden, 2);
		assert.deepEqual(newlyForbidden(cas.emu, before), ['gone-0', 'gone-1']);
	});
});

test('"Input Is the Complete Source" never overrides a read that says itself it is limited', async () => {
	await withSync('wecom', await seeded('wecom'), async ({ run }) => {
		const r = await run(
			chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory', returnAll: false, limit: 50, output: 'raw' }, syncOptions: { inputIsComplete: true } }),
		);
		assert.equal(summaryOf(r).forbidden, 0);
		assert.match(summaryOf(r).removalsHeldBecause, /limited to 50 members/);
	});
});

test('Max Removals (Count) stops Apply before any write when more users would go than the count allows', async () => {
	await withSync('wecom', await seeded('wecom', 3), async ({ cas, run }) => {
		const before = casdoorState(cas.emu);
		const r = await run(chain('wecom', { syncOptions: { maxRemovalCount: 2 } }));
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /Sync stopped before any write: it would forbid 3 of the 63 users .*, more than the 2 that Max Removals \(Count\) allows/);
		assert.deepEqual(casdoorState(cas.emu), before);
		const ok = await run(chain('wecom', { syncOptions: { maxRemovalCount: 3 } }));
		assert.equal(summaryOf(ok).forbidden, 3);
	});
});

test('department groups: a group an administrator added in Casdoor survives every sync; a move changes only the groups the sync put the user in', async () => {
	const users = await seeded('wecom', 0);
	const [first, second] = users;
	first.groups = [...first.groups, 'acme/vip-lounge'];
	// A user synced before the record of owned groups existed: it has no sourceGroups.
	second.groups = [...second.groups, 'acme/helpdesk'];
	delete second.properties.sourceGroups;
	await withSync('wecom', users, async ({ dir, cas, run }) => {
		const again = await run(chain('wecom'));
		assert.equal(again.status, 'success', again.error?.message);
		assert.deepEqual(cas.emu.user(first.name).groups, first.groups, 'the VIP group stays; nothing else changes');
		assert.deepEqual(cas.emu.user(second.name).groups, second.groups, 'a user without a record loses no group');
		assert.equal(JSON.parse(cas.emu.user(second.name).properties.sourceGroups).length, second.groups.length - 1, 'the record is written now');
		assert.equal(summaryOf(again).updated, 1, 'only the record was added, for the one user without it');

		// Move the first member to another department upstream.
		const member = dir.emu.state.users.get(first.name);
		const [from] = member.departments;
		const to = org.departments.map((d) => d.id).find((id) => id !== from && id !== 1);
		dir.emu.state.replaceUser(first.name, { ...member, departments: [to], orders: [0], isLeader: [0], mainDepartment: to });
		const moved = await run(chain('wecom'));
		assert.equal(moved.status, 'success', moved.error?.message);
		assert.deepEqual(cas.emu.user(first.name).groups.sort(), [`acme/${to}`, 'acme/vip-lounge'].sort());
		assert.equal(cas.emu.user(first.name).properties.sourceGroups, JSON.stringify([`acme/${to}`]));
		const third = await run(chain('wecom'));
		assert.equal(summaryOf(third).updated, 0, 'a second sync writes nothing');
	});
});

test('Department Scope: the read keeps only the subtrees asked for; the sync removes only users last seen inside them', async () => {
	const top = org.departments.filter((d) => d.parentId === 1);
	const below = (id) => org.departments.filter((d) => d.parentId === id).flatMap((d) => [d.id, ...below(d.id)]);
	const [kept] = top.filter((d) => org.users.some((u) => u.departments.includes(d.id)));
	const keptIds = new Set([kept.id, ...below(kept.id)]);
	const inside = org.users.filter((u) => u.departments.some((d) => keptIds.has(d)));
	const leaver = inside.find((u) => u.departments.length === 1);
	await withSync('wecom', await seeded('wecom'), async ({ dir, cas, run }) => {
		const before = snapshot(cas.emu);
		dir.emu.state.removeUser(leaver.userid);
		const scope = { department: [{ mode: 'include', department: { __rl: true, mode: 'path', value: `${org.departments.find((d) => d.id === 1).name} / ${kept.name}` } }] };
		const r = await run(chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory', output: 'raw', departmentScope: scope } }));
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('Get All').length, inside.length - 1);
		const mark = r.output('Get All')[0].directoryRead;
		assert.deepEqual([mark.scope, mark.include, mark.complete], ['selection', [kept.id], true]);
		// Only the member who left from inside the scope goes; gone-0/1 (last seen in the root) and everyone outside stay.
		assert.deepEqual(newlyForbidden(cas.emu, before), leaver.isActive === false ? [] : [leaver.userid]);
		assert.ok(held(r).includes('gone-0'));
		assert.match(summaryOf(r).removalsHeldBecause, new RegExp(`departments ${kept.id} and below covers part of the directory`));

		// Excluding that subtree instead: its members are not read and not removed.
		const excluded = await run(chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory', output: 'raw', departmentScope: { department: [{ mode: 'exclude', department: { __rl: true, mode: 'id', value: String(kept.id) } }] } } }));
		assert.equal(excluded.status, 'success', excluded.error?.message);
		assert.ok(excluded.output('Get All').every((m) => m.department.some((d) => !keptIds.has(d))));
		// gone-0/1 were last seen in the top department, which this read covers: now they go; the excluded subtree's members stay.
		const forbiddenNow = excluded.output('Sync').filter((j) => j.action === 'forbid').map((j) => j.name).sort();
		assert.deepEqual(forbiddenNow, ['gone-0', 'gone-1']);

		const unknown = await run(chain('wecom', { getAllParams: { resource: 'member', operation: 'getAllInDirectory', departmentScope: { department: [{ mode: 'include', department: { __rl: true, mode: 'id', value: '99999' } }] } } }));
		assert.equal(unknown.status, 'error');
		assert.match(unknown.error.message, /Department Scope.*99999.*not in the directory read/);
	});
});

test('Output = Compact carries the same read mark: a complete read forbids exactly the members gone, a Code node dropping one forbids nobody', async () => {
	const compact = { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'compact' };
	await withSync('wecom', await seeded('wecom'), async ({ cas, run }) => {
		const before = snapshot(cas.emu);
		const drop = node('n8n-nodes-base.code', { jsCode: 'return items.filter((item, i) => i !== 1)' }, { name: 'Code', type: 'n8n-nodes-base.code' });
		const dropped = await run(chain('wecom', { getAllParams: compact, between: [drop] }));
		assert.equal(dropped.status, 'success', dropped.error?.message);
		assert.equal(summaryOf(dropped).forbidden, 0);
		assert.deepEqual(newlyForbidden(cas.emu, before), []);
		const whole = await run(chain('wecom', { getAllParams: compact }));
		assert.equal(summaryOf(whole).forbidden, 2);
		assert.deepEqual(newlyForbidden(cas.emu, before), ['gone-0', 'gone-1']);
	});
});
