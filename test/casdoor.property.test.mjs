// Property: whatever happens in the directory, map → sync (Apply, removal policy forbid)
// leaves the Casdoor users of that source equal to the mapped directory, and an immediate
// second sync writes nothing. 50 seeded sequences of random mutations (add, move, rename,
// disable, quit, delete, re-enable, return) on small generated WeCom organisations, each
// synced through the engine after every round.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { makeDirectory, mulberry32, mutate } from './helpers/propertyDirectory.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const require = createRequire(import.meta.url);
const { toIamUserFromWeCom } = require('../dist/lib/directory/mapping/mapping.js');
const { samePhone } = require('../dist/lib/directory/engine/userDiff.js');

const SEEDS = 50;
const ROUNDS = 2;
const PARALLEL = 10;

const MAP = { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'prop' };

async function mapAndSync(emu, members, groups) {
	const run = await runWorkflow({
		nodes: [
			node('weCom', { ...MAP, mapOptions: { groups } }, { name: 'Map' }),
			// Members built by hand, as another system would send them: declared complete.
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', removalPolicy: 'forbid', syncOptions: { allowLargeRemovals: true, inputIsComplete: true } }, { name: 'Sync' }),
		],
		credentials: {
			casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
			weComApi: { corpId: 'wwprop', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
		},
		input: members.map((json) => ({ json: structuredClone(json) })),
	});
	assert.equal(run.status, 'success', run.error?.message);
	return run.output('Sync').find((o) => o.action === 'summary');
}

/** Casdoor holds every mapped field of every member; users of the source gone upstream are forbidden. */
function assertMirrors(emu, members, groups, context) {
	const expected = new Map(members.map((m) => {
		const u = toIamUserFromWeCom(m, { organization: 'acme', sourceName: 'prop', groups });
		return [u.name, u];
	}));
	const owned = emu.orgUsers().filter((u) => u.properties?.source === 'wecom:prop');
	for (const [name, want] of expected) {
		const got = emu.user(name);
		assert.ok(got, `${context}: ${name} missing`);
		for (const [key, value] of Object.entries(want)) {
			if (key === 'properties') assert.equal(got.properties.source, value.source, `${context}: ${name}.properties`);
			else if (key === 'groups') assert.deepEqual([...got.groups].sort(), [...value].sort(), `${context}: ${name}.groups`);
			else if (key === 'phone') assert.ok(samePhone(value, got.phone), `${context}: ${name}.phone ${value} vs ${got.phone}`);
			else assert.deepEqual(got[key], value, `${context}: ${name}.${key}`);
		}
	}
	for (const u of owned) if (!expected.has(u.name)) assert.equal(u.isForbidden, true, `${context}: ${u.name} gone upstream but not forbidden`);
}

/** One seeded sequence: an initial sync, then ROUNDS rounds of mutations, each synced twice. */
async function runSequence(seed) {
	const rand = mulberry32(seed);
	const groups = seed % 2 ? 'departmentId' : 'departmentPath';
	const emu = await startCasdoorEmulator({
		users: [
			{ name: 'local-admin', displayName: 'Local', email: 'admin@acme.example.com' },
			{ name: 'ding-user', displayName: 'DingTalk user', properties: { source: 'dingtalk:other' } },
		],
	});
	const untouched = JSON.stringify([emu.user('local-admin'), emu.user('ding-user')]);
	const dir = makeDirectory(rand);
	const history = ['initial'];
	try {
		for (let round = 0; round <= ROUNDS; round++) {
			if (round > 0) mutate(dir, rand, history);
			const context = `seed ${seed} round ${round} (${history.join(', ')})`;
			await mapAndSync(emu, dir.members, groups);
			assertMirrors(emu, dir.members, groups, context);
			emu.clearLog();
			const second = await mapAndSync(emu, dir.members, groups);
			assert.equal(emu.count(), 1, `${context}: the second sync only reads`);
			assert.equal(second.created + second.updated + second.unforbidden + second.forbidden + second.deleted, 0, context);
		}
		assert.equal(JSON.stringify([emu.user('local-admin'), emu.user('ding-user')]), untouched, `seed ${seed}: other users untouched`);
	} finally {
		await emu.close();
	}
}

test(`property: ${SEEDS} seeded mutation sequences converge, and a second sync writes nothing`, async () => {
	// Sequences are independent (one emulator each): run a few at once to overlap the HTTP waits.
	const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
	for (let i = 0; i < seeds.length; i += PARALLEL) await Promise.all(seeds.slice(i, i + PARALLEL).map(runSequence));
});
