// Property: whatever happens in the directory, map → sync (Apply, removal policy forbid)
// leaves the Casdoor users of that source equal to the mapped directory, and an immediate
// second sync writes nothing. 50 seeded sequences of random mutations (add, move, rename,
// disable, quit, delete, re-enable, return) on small generated WeCom organisations, each
// synced through the engine after every round.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const require = createRequire(import.meta.url);
const { toIamUserFromWeCom } = require('../dist/lib/directory/mapping.js');
const { samePhone } = require('../dist/lib/directory/userDiff.js');

const SEEDS = 50;
const ROUNDS = 2;
const PARALLEL = 10;

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const DEPARTMENTS = [
	{ id: 1, path: 'Acme' },
	{ id: 2, path: 'Acme / 研发中心' },
	{ id: 3, path: 'Acme / 研发中心 / 前端组' },
	{ id: 4, path: 'Acme / 销售/亚太' },
	{ id: 5, path: 'Acme / Finance' },
];
const NAMES = ['王伟', '李娜', '张敏', '刘洋', 'Alice Chen', 'Bob Li', '欧阳晨', '陈静'];

/** A generated WeCom org (raw user/list shape, with the walk's department_paths). */
function makeDirectory(rand) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	let serial = 0;
	const newMember = () => {
		serial++;
		// Some userids are not valid Casdoor names: the mapping sanitizes them.
		const userid = rand() < 0.2 ? `user${serial}@corp` : `user${serial}`;
		const departments = [pick(DEPARTMENTS)];
		if (rand() < 0.3) departments.push(pick(DEPARTMENTS));
		const m = { userid, name: `${pick(NAMES)}${serial}`, position: pick(['工程师', 'PM', 'Sales', '']), status: 1, enable: 1, gender: pick(['1', '2', '0']) };
		setDepartments(m, departments);
		if (rand() < 0.7) m.mobile = rand() < 0.5 ? `+86 139${String(serial).padStart(8, '0')}` : `137${String(serial).padStart(8, '0')}`;
		else m.mobile = ''; // withheld: must never blank Casdoor's value
		if (rand() < 0.7) m.email = `${userid.replace('@', '.')}@acme.example.com`;
		if (rand() < 0.3) m.avatar = `https://wework.example/${serial}`;
		return m;
	};
	const members = Array.from({ length: 3 + Math.floor(rand() * 6) }, newMember);
	return { members, newMember, departed: [] };
}

function setDepartments(member, departments) {
	const unique = [...new Map(departments.map((d) => [d.id, d])).values()];
	member.department = unique.map((d) => d.id);
	member.department_paths = unique.map((d) => d.path);
}

const MUTATIONS = ['add', 'move', 'rename', 'disable', 'quit', 'delete', 'reEnable', 'return'];

function mutate(dir, rand, history) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	const count = 1 + Math.floor(rand() * 3);
	for (let k = 0; k < count; k++) {
		const kind = pick(MUTATIONS);
		const m = dir.members.length ? pick(dir.members) : undefined;
		history.push(kind);
		if (kind === 'add' || !m) dir.members.push(dir.newMember());
		else if (kind === 'move') setDepartments(m, [pick(DEPARTMENTS), ...(rand() < 0.3 ? [pick(DEPARTMENTS)] : [])]);
		else if (kind === 'rename') m.name = `${m.name}·${Math.floor(rand() * 100)}`;
		else if (kind === 'disable') Object.assign(m, rand() < 0.5 ? { status: 2, enable: 0 } : { enable: 0 });
		else if (kind === 'quit') m.status = 5;
		else if (kind === 'delete') {
			dir.members.splice(dir.members.indexOf(m), 1);
			dir.departed.push(m);
		} else if (kind === 'reEnable') {
			const off = dir.members.filter((x) => x.status !== 1 || x.enable !== 1);
			if (off.length) Object.assign(pick(off), { status: 1, enable: 1 });
		} else if (kind === 'return' && dir.departed.length) {
			const back = dir.departed.splice(Math.floor(rand() * dir.departed.length), 1)[0];
			dir.members.push({ ...back, status: 1, enable: 1 });
		}
	}
}

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
