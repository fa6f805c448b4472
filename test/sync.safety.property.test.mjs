// Property: a sync left running unattended. 50 seeded sequences of random directory mutations,
// each round synced (Map to IAM User, Groups by department → Casdoor Sync Users, Apply, Match
// Existing Users By Email) from an input that is sometimes complete and sometimes not — cut by a
// limit, filtered in between, or rebuilt without the read mark — while an administrator adds
// local groups in Casdoor and hand-made accounts share members' e-mails. After every round:
// - every member has exactly one account of this source whose mapped fields equal the directory;
// - its department memberships are the directory's, and the administrator's groups are still there;
// - users the source does not own (local, another source's) are untouched unless linked;
// - an incomplete input removed nobody; a complete one forbade exactly the users gone upstream;
// - a second sync of the same input writes nothing.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { makeDirectory, mulberry32, mutate } from './helpers/propertyDirectory.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const require = createRequire(import.meta.url);
const { toIamUserFromWeCom } = require('../dist/lib/directory/mapping/mapping.js');

const SEEDS = Number(process.env.PROP_SEEDS ?? 50);
const ROUNDS = 3;
const PARALLEL = 10;
const SOURCE = 'wecom:prop';
const INPUTS = ['complete', 'complete', 'limited', 'filtered', 'unmarked'];

/** The items a read would hand on, as the input kind says. */
function inputItems(members, kind, rand, round) {
	const mark = { id: `read-${round}-${kind}`, provider: 'wecom', scope: 'directory', members: members.length, complete: kind !== 'limited' };
	if (kind === 'limited') Object.assign(mark, { incomplete: 'limited' });
	let items = members.map((m) => structuredClone(kind === 'unmarked' ? m : { ...m, directoryRead: mark }));
	if ((kind === 'limited' || kind === 'filtered') && items.length > 1) items = items.filter(() => rand() < 0.7);
	return items;
}

async function mapAndSync(emu, items) {
	const run = await runWorkflow({
		nodes: [
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'prop', mapOptions: { groups: 'departmentId' } }, { name: 'Map' }),
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', linkBy: 'email', syncOptions: { allowLargeRemovals: true } }, { name: 'Sync' }),
		],
		credentials: {
			casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
			weComApi: { corpId: 'wwprop', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
		},
		input: items.map((json) => ({ json })),
	});
	assert.equal(run.status, 'success', run.error?.message);
	return run.output('Sync').find((o) => o.action === 'summary');
}

/** The account of a member: the one this source owns with its directory ID. */
const accountOf = (emu, userid) => emu.orgUsers().find((u) => u.properties?.source === SOURCE && u.externalId === userid);

async function runSequence(seed) {
	const rand = mulberry32(seed * 7919);
	const dir = makeDirectory(rand);
	// Hand-made accounts: one shares a member's e-mail (it is linked), one shares nobody's.
	const withEmail = dir.members.find((m) => m.email);
	const local = [
		{ name: 'hand-made', displayName: 'Hand made', email: withEmail?.email ?? 'none@acme.example.com', title: 'Kept by the linking' },
		{ name: 'local-admin', displayName: 'Local', email: 'admin@acme.example.com', groups: ['acme/vip-lounge'] },
		{ name: 'ding-user', displayName: 'DingTalk user', properties: { source: 'dingtalk:other' }, groups: ['acme/2'] },
	];
	const emu = await startCasdoorEmulator({ users: local });
	const untouched = JSON.stringify([emu.user('local-admin'), emu.user('ding-user')]);
	const vip = new Set();
	const history = ['initial'];
	try {
		for (let round = 0; round <= ROUNDS; round++) {
			if (round > 0) mutate(dir, rand, history);
			const kind = round === 0 ? 'complete' : INPUTS[Math.floor(rand() * INPUTS.length)];
			const context = `seed ${seed} round ${round} ${kind} (${history.join(', ')})`;
			// The administrator adds a local group to some accounts of this source.
			for (const u of emu.orgUsers()) {
				if (u.properties?.source === SOURCE && !(u.groups ?? []).includes('acme/vip-lounge') && rand() < 0.3) {
					u.groups = [...(u.groups ?? []), 'acme/vip-lounge'];
					vip.add(u.name);
				}
			}
			const activeBefore = new Set(emu.orgUsers().filter((u) => u.properties?.source === SOURCE && !u.isForbidden).map((u) => u.name));
			const items = inputItems(dir.members, kind, rand, round);
			const summary = await mapAndSync(emu, items);
			if (process.env.PROP_DEBUG) console.log(context, JSON.stringify(summary), items.map((m) => m.userid + ':' + m.status));

			// A filter that happened to keep every member leaves a complete input: the sync may remove then.
			const complete = kind === 'complete' || (kind === 'filtered' && items.length === dir.members.length);
			const expected = new Map(items.map((m) => [m.userid, toIamUserFromWeCom(m, { organization: 'acme', sourceName: 'prop', groups: 'departmentId' })]));
			for (const [userid, want] of expected) {
				const got = accountOf(emu, userid);
				assert.ok(got, `${context}: ${userid} has no account`);
				assert.equal(emu.orgUsers().filter((u) => u.properties?.source === SOURCE && u.externalId === userid).length, 1, `${context}: ${userid} has one account`);
				// A field the directory leaves empty is left alone (never blanked), so only the mapped ones are compared.
				for (const key of ['displayName', 'title', 'isForbidden']) if (want[key] !== undefined) assert.deepEqual(got[key], want[key], `${context}: ${userid}.${key}`);
				const groups = [...got.groups].sort();
				const wanted = [...want.groups, ...(vip.has(got.name) ? ['acme/vip-lounge'] : [])].sort();
				assert.deepEqual(groups, [...new Set(wanted)], `${context}: ${userid}.groups`);
			}
			const owned = emu.orgUsers().filter((u) => u.properties?.source === SOURCE);
			for (const u of owned) {
				if (expected.has(u.externalId)) continue;
				if (complete) assert.equal(u.isForbidden, true, `${context}: ${u.name} gone upstream but not forbidden`);
				else assert.equal(u.isForbidden === true, !activeBefore.has(u.name), `${context}: ${u.name} forbidden from an incomplete input`);
			}
			const linked = emu.user('hand-made');
			if (linked.properties?.source !== SOURCE) assert.equal(linked.title, 'Kept by the linking', `${context}: an unlinked hand-made account is untouched`);

			emu.clearLog();
			const second = await mapAndSync(emu, items);
			assert.equal(emu.log.filter((e) => e.method === 'POST').length, 0, `${context}: the second sync writes nothing`);
			assert.equal(second.created + second.updated + second.unforbidden + second.forbidden + second.deleted, 0, context);
		}
		assert.equal(JSON.stringify([emu.user('local-admin'), emu.user('ding-user')]), untouched, `seed ${seed}: other users untouched`);
	} finally {
		await emu.close();
	}
}

test(`property: ${SEEDS} seeded sequences with incomplete inputs, local groups and hand-made accounts stay safe and converge`, async () => {
	const seeds = process.env.PROP_SEED ? [Number(process.env.PROP_SEED)] : Array.from({ length: SEEDS }, (_, i) => i + 1);
	for (let i = 0; i < seeds.length; i += PARALLEL) await Promise.all(seeds.slice(i, i + PARALLEL).map(runSequence));
});
