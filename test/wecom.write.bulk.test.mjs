// The onboarding run the issue asks for: 500 Member Create items, 10% invalid, 5% already in
// WeCom ("Skip" mode), with Continue on fail (error output). And the per-item concurrency
// choice: several items in flight with Continue on fail, one at a time without it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 200, departments: 12, seed: 41 });
const depts = org.departments.filter((d) => d.id !== 1).map((d) => d.id);

/** One rule broken per invalid item, with the field the error must name. */
const BREAKERS = [
	[(p) => ({ ...p, userid: `-${p.userid}` }), 'User ID'],
	[(p) => ({ ...p, userid: `${p.userid} x` }), 'User ID'],
	[(p) => ({ ...p, name: '' }), 'Name'],
	[(p) => ({ ...p, name: 'n'.repeat(65) }), 'Name'],
	[(p) => ({ ...p, mobile: '', email: '' }), 'Mobile or Email'],
	[(p) => ({ ...p, mobile: '138-abc' }), 'Mobile'],
	[(p) => ({ ...p, email: 'a@b.c' }), 'Email'],
	[(p) => ({ ...p, dept: 'sales' }), 'Departments'],
	[(p) => ({ ...p, position: 'p'.repeat(129) }), 'Position'],
	[(p) => ({ ...p, telephone: 'ext. 42' }), 'Telephone'],
];

function person(n) {
	return {
		userid: `hire${String(n).padStart(4, '0')}`,
		name: `新员工${n}`,
		mobile: `139${String(20000000 + n).padStart(8, '0')}`,
		email: `hire${n}@example.com`,
		dept: depts[n % depts.length],
		position: 'Engineer',
		telephone: '',
	};
}

const createParams = {
	resource: 'member',
	operation: 'create',
	userId: '={{ $json.userid }}',
	name: '={{ $json.name }}',
	mobile: '={{ $json.mobile }}',
	email: '={{ $json.email }}',
	departments: { department: [{ departmentId: { __rl: true, mode: 'id', value: '={{ $json.dept }}' }, order: 0, isLeader: false, isMain: true }] },
	ifExists: 'skip',
	additionalFields: { position: '={{ $json.position }}', telephone: '={{ $json.telephone }}' },
};

describe('500 onboarding items: 10% invalid, 5% existing, Continue on fail', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('valid ones created exactly once, existing ones skipped, invalid ones one clear error each and no call', async () => {
		const existing = org.users.slice(0, 25);
		const rows = [];
		for (let n = 0; n < 500; n++) {
			if (n % 20 === 7) {
				const u = existing[Math.floor(n / 20)];
				rows.push({ kind: 'existing', json: { ...person(n), userid: u.userid, mobile: u.mobile ?? '', email: u.email ?? '' } });
			} else if (n % 10 === 3) {
				const [breakRule, field] = BREAKERS[Math.floor(n / 10) % BREAKERS.length];
				rows.push({ kind: 'invalid', field, json: breakRule(person(n)) });
			} else rows.push({ kind: 'new', json: person(n) });
		}
		const count = (kind) => rows.filter((r) => r.kind === kind).length;
		assert.deepEqual([count('new'), count('invalid'), count('existing')], [425, 50, 25]);
		const usersBefore = emu.state.users.size;
		emu.clearLog();

		const r = await runWorkflow({
			nodes: [node('weCom', createParams, { name: 'WeCom', onError: 'continueErrorOutput' })],
			credentials: { weComApi: weComCredentials(emu, 'contacts') },
			input: rows.map((row) => ({ json: row.json })),
		});
		assert.equal(r.status, 'success', r.error?.message);

		// Outputs: in input order, paired with their items.
		const ok = r.items('WeCom', 0);
		const failed = r.items('WeCom', 1);
		const indexOf = (kinds) => rows.flatMap((row, i) => (kinds.includes(row.kind) ? [i] : []));
		assert.deepEqual(ok.map((i) => i.pairedItem.item), indexOf(['new', 'existing']));
		assert.deepEqual(failed.map((i) => i.pairedItem.item), indexOf(['invalid']));
		for (const item of ok) {
			const row = rows[item.pairedItem.item];
			assert.equal(item.json.userid, row.json.userid);
			assert.equal(item.json.action, row.kind === 'new' ? 'created' : 'skipped');
		}
		for (const item of failed) {
			const row = rows[item.pairedItem.item];
			assert.equal(item.json.message.field, row.field, JSON.stringify(row.json));
			assert.match(item.json.error, new RegExp(`^Invalid "${row.field}"`));
			assert.deepEqual(Object.keys(item.json).sort(), ['error', 'message']);
		}

		// Emulator state: each new member exactly once; existing members untouched.
		assert.equal(emu.state.users.size, usersBefore + 425);
		for (const row of rows.filter((x) => x.kind === 'new')) {
			const u = emu.state.users.get(row.json.userid);
			assert.equal(u?.name, row.json.name);
			assert.deepEqual(u.departments, [row.json.dept]);
		}
		for (const u of existing) assert.equal(emu.state.users.get(u.userid).name, u.name);

		// The request log: one create per valid item, a lookup per existing one, nothing for the invalid ones.
		const createdCalls = emu.log.filter((e) => e.path === '/cgi-bin/user/create');
		assert.equal(createdCalls.length, 450);
		assert.equal(new Set(createdCalls.map((e) => e.body.userid)).size, 450, 'no item was sent twice');
		assert.equal(emu.count('user/get'), 25);
		assert.equal(emu.count('user/update'), 0);
		assert.equal(emu.count('gettoken'), 1);
		// And one department/simplelist per run: departments that do not exist are refused before the write.
		assert.equal(emu.count('department/simplelist'), 1);
		assert.equal(emu.count(), 1 + 1 + 450 + 25);
		// Every person has a userid of their own, so no logged call may carry an invalid item's userid.
		for (const row of rows.filter((x) => x.kind === 'invalid')) {
			assert.ok(!emu.log.some((e) => e.body?.userid === row.json.userid || e.query?.userid === row.json.userid), row.json.userid);
		}
	});

	test('a re-run of the same items creates nothing new', async () => {
		const usersBefore = emu.state.users.size;
		// Every fifth valid item of the first run (a full 500 would only repeat the same path, slower).
		const rows = Array.from({ length: 500 }, (_, n) => ({ json: person(n) })).filter((_, n) => n % 10 !== 3 && n % 20 !== 7 && n % 5 === 0);
		const r = await runWorkflow({
			nodes: [node('weCom', createParams, { name: 'WeCom', onError: 'continueErrorOutput' })],
			credentials: { weComApi: weComCredentials(emu, 'contacts') },
			input: rows,
		});
		const out = r.output('WeCom');
		assert.equal(out.length, rows.length);
		assert.ok(rows.length > 80);
		assert.ok(out.every((o) => o.action === 'skipped'));
		assert.equal(emu.state.users.size, usersBefore);
	});
});

describe('per-item concurrency of writes', () => {
	/** The largest number of requests to `path` the emulator was answering at the same moment. */
	function maxInFlight(emu, path) {
		const events = emu.log
			.filter((e) => e.path === path)
			.flatMap((e) => [[e.at, 1], [e.end, -1]])
			.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		let now = 0;
		let max = 0;
		for (const [, delta] of events) max = Math.max(max, (now += delta));
		return max;
	}

	const items = Array.from({ length: 12 }, (_, n) => ({ json: person(900 + n) }));

	test('with Continue on fail, items run concurrently within the pool; output order is kept', async () => {
		const emu = await startWeComEmulator({ org, latencyMs: 25 });
		try {
			const r = await runWorkflow({
				nodes: [node('weCom', createParams, { name: 'WeCom', onError: 'continueErrorOutput' })],
				credentials: { weComApi: weComCredentials(emu, 'contacts', { maxConcurrency: 4 }) },
				input: items,
			});
			assert.deepEqual(r.output('WeCom').map((o) => o.userid), items.map((i) => i.json.userid));
			const inFlight = maxInFlight(emu, '/cgi-bin/user/create');
			assert.ok(inFlight > 1 && inFlight <= 4, `in flight: ${inFlight}`);
		} finally {
			await emu.close();
		}
	});

	test('transient answers to writes (-1, 502, reset) are retried; every member is created once', async () => {
		const emu = await startWeComEmulator({ org });
		try {
			// Five faults in all: fewer than the transport's attempts, so even all on one item are recovered.
			for (const [kind, seed, count] of [['-1', 5, 2], ['502', 6, 2], ['reset', 7, 1]]) emu.injectFaults({ kind, rate: 0.3, seed, count, paths: ['user/create'] });
			const r = await runWorkflow({
				nodes: [node('weCom', createParams, { name: 'WeCom', onError: 'continueErrorOutput' })],
				credentials: { weComApi: weComCredentials(emu, 'contacts') },
				input: items,
			});
			assert.equal(r.output('WeCom', 1).length, 0, JSON.stringify(r.output('WeCom', 1)));
			assert.ok(r.output('WeCom').every((o) => o.action === 'created'));
			assert.equal(emu.log.filter((e) => e.fault).length, 5, 'every fault fired');
			for (const item of items) assert.equal(emu.state.users.get(item.json.userid)?.name, item.json.name);
		} finally {
			await emu.close();
		}
	});

	test('without Continue on fail, items run one at a time and nothing after a failed item is written', async () => {
		const emu = await startWeComEmulator({ org, latencyMs: 10 });
		try {
			const input = items.map((item, n) => (n === 5 ? { json: { ...item.json, email: 'bad', mobile: '' } } : item));
			const r = await runWorkflow({
				nodes: [node('weCom', createParams, { name: 'WeCom' })],
				credentials: { weComApi: weComCredentials(emu, 'contacts', { maxConcurrency: 4 }) },
				input,
			});
			assert.equal(r.status, 'error');
			assert.match(r.error.message, /Invalid "Email"/);
			assert.equal(maxInFlight(emu, '/cgi-bin/user/create'), 1);
			assert.deepEqual(
				emu.log.filter((e) => e.path === '/cgi-bin/user/create').map((e) => e.body.userid),
				items.slice(0, 5).map((i) => i.json.userid),
			);
		} finally {
			await emu.close();
		}
	});
});
