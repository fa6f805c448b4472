// Property: HR rows → the directory (WeCom Sync Members, DingTalk Sync Users From Input), 50
// seeds per provider. Each seed builds a directory with a managed subtree (Sales and below)
// and people elsewhere (Finance, and some in both), makes random HR changes — leavers, new
// hires (some into departments named by a path that does not exist yet), moves, new titles,
// e-mails and names, and on WeCom people disabled by HR — then applies the sync with "Input
// Is the Complete Source". After it:
// - every managed person equals their HR row (name, title, e-mail, departments, enabled);
// - managed people missing from HR are disabled or deleted as chosen;
// - everyone outside the managed departments is exactly as before;
// - a second run of the same input writes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mulberry32 } from './emulators/orgGenerator.mjs';
import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { dingTalkWrites, DEPARTMENTS, person, summaryOf, syncDingTalk, syncWeCom, weComWrites } from './helpers/memberSync.mjs';

const SEEDS = Number(process.env.PROP_SEEDS ?? 50);
const PARALLEL = 5;
const MANAGED = [2, 3, 4];
const TITLES = ['Staff', 'Rep', 'Lead', 'Manager', 'Analyst'];

const PROVIDERS = {
	wecom: {
		start: (org) => startWeComEmulator({ org }),
		sync: syncWeCom,
		writes: weComWrites,
		removals: ['disable', 'delete'],
		titleField: 'position',
		view: (emu, id) => {
			const u = emu.state.users.get(id);
			return u && { name: u.name, title: u.position ?? '', email: u.email ?? '', departments: [...u.departments].sort(), enabled: u.enable !== 0 };
		},
		raw: (emu, id) => JSON.stringify(emu.state.users.get(id) ?? null),
		departments: (emu) => [...emu.state.departments.values()].map((d) => ({ id: d.id, name: d.name, parentId: d.parentId })),
	},
	dingtalk: {
		start: (org) => startDingTalkEmulator({ org }),
		sync: syncDingTalk,
		writes: dingTalkWrites,
		removals: ['delete'],
		titleField: 'title',
		view: (emu, id) => {
			const u = emu.state.users.get(id);
			return u && { name: u.name, title: u.title ?? '', email: u.email ?? '', departments: [...u.deptIds].sort(), enabled: true };
		},
		raw: (emu, id) => JSON.stringify(emu.state.users.get(id) ?? null, (k, v) => (v instanceof Map ? [...v] : v)),
		departments: (emu) => [...emu.state.departments.values()].map((d) => ({ id: d.id, name: d.name, parentId: d.parentId })),
	},
};

function makeOrg(rand, provider) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	const users = [];
	let n = 1;
	const managedCount = 6 + Math.floor(rand() * 10);
	for (let i = 0; i < managedCount; i++) {
		const departments = rand() < 0.2 ? [3, 4] : [pick(MANAGED)];
		const extra = { position: pick(TITLES) };
		if (provider === 'wecom' && rand() < 0.15) Object.assign(extra, { enable: 0, status: 2 });
		if (rand() < 0.3) Object.assign(extra, { status: extra.status ?? 1, active: true });
		users.push(person(n++, departments, extra));
	}
	for (let i = 0; i < 2 + Math.floor(rand() * 4); i++) users.push(person(100 + i, [5], { position: pick(TITLES) }));
	users.push(person(200, [3, 5]));
	return { departments: DEPARTMENTS.map((d) => ({ ...d })), users };
}

/** Random HR changes to the managed people's rows. */
function hrRows(org, rand, provider, titleField) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	const rows = [];
	const serial = { v: 0 };
	const fresh = () => `${Math.floor(rand() * 1e6)}x${++serial.v}`;
	for (const u of org.users.filter((x) => x.departments.every((d) => MANAGED.includes(d)))) {
		if (rand() < 0.15) continue; // a leaver
		const row = { userid: u.userid, name: u.name, mobile: u.mobile, email: u.email, departments: u.departments.join('; '), [titleField]: u.position };
		if (rand() < 0.25) row[titleField] = pick(TITLES);
		if (rand() < 0.2) row.departments = rand() < 0.5 ? String(pick(MANAGED)) : 'Sales / West';
		if (rand() < 0.1) row.departments = `Sales / Region ${1 + Math.floor(rand() * 2)}`;
		if (rand() < 0.15) row.email = `mail.${fresh()}@acme.example.com`;
		if (rand() < 0.1) row.name = `Renamed ${fresh()}`;
		if (provider === 'wecom') row.enabled = rand() < 0.1 ? 'false' : 'true';
		rows.push(row);
	}
	const hires = Math.floor(rand() * 4);
	for (let i = 0; i < hires; i++) {
		const id = `hire${i}`;
		rows.push({
			userid: id,
			name: `Hire ${i}`,
			mobile: `139${String(1000000 + i * 7919).padStart(8, '0')}`,
			email: `${id}@acme.example.com`,
			departments: rand() < 0.3 ? `Sales / Region ${1 + Math.floor(rand() * 2)}` : String(pick(MANAGED)),
			[titleField]: pick(TITLES),
			...(provider === 'wecom' ? { enabled: 'true' } : {}),
		});
	}
	// HR lists people in any order.
	for (let i = rows.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[rows[i], rows[j]] = [rows[j], rows[i]];
	}
	return rows;
}

function departmentIds(emu, p, text) {
	const all = p.departments(emu);
	return text
		.split(';')
		.map((s) => s.trim())
		.map((s) => {
			if (/^\d+$/.test(s)) return Number(s);
			const parts = s.split('/').map((x) => x.trim());
			let parent = 1;
			for (const name of parts) {
				const found = all.find((d) => d.name === name && d.parentId === parent);
				assert.ok(found, `department "${s}" exists after the sync`);
				parent = found.id;
			}
			return parent;
		})
		.sort();
}

const TALLY = Object.fromEntries(Object.keys(PROVIDERS).map((k) => [k, { created: 0, updated: 0, moved: 0, disabled: 0, deleted: 0, enabled: 0, departments: 0 }]));

async function checkSeed(providerName, seed) {
	const p = PROVIDERS[providerName];
	const rand = mulberry32(seed * 7 + (providerName === 'wecom' ? 1 : 2));
	const org = makeOrg(rand, providerName);
	const emu = await p.start(org);
	try {
		const rows = hrRows(org, rand, providerName, p.titleField);
		const removal = p.removals[Math.floor(rand() * p.removals.length)];
		const unmanaged = org.users.filter((u) => !u.departments.every((d) => MANAGED.includes(d))).map((u) => u.userid);
		const before = unmanaged.map((id) => p.raw(emu, id));
		const params = { mode: 'apply', removalPolicy: removal, createMissingDepartments: true, syncOptions: { inputIsComplete: true, allowLargeRemovals: true } };
		const r = await p.sync(emu, rows, params);
		const where = `${providerName} seed ${seed}`;
		assert.equal(r.status, 'success', `${where}: ${r.error?.message}`);
		assert.deepEqual(r.output('Sync', 1), [], `${where}: no failed row`);
		const s = summaryOf(r);
		assert.equal(s.failed, 0, where);
		for (const k of ['created', 'updated', 'moved', 'disabled', 'deleted', 'enabled']) TALLY[providerName][k] += s[k] ?? 0;
		TALLY[providerName].departments += s.departmentsCreated.length;

		for (const row of rows) {
			const got = p.view(emu, row.userid);
			assert.ok(got, `${where}: ${row.userid} exists`);
			assert.deepEqual(
				got,
				{ name: row.name, title: row[p.titleField], email: row.email, departments: departmentIds(emu, p, row.departments), enabled: row.enabled !== 'false' },
				`${where}: ${row.userid} equals the HR row`,
			);
		}
		const inHr = new Set(rows.map((r) => r.userid));
		for (const u of org.users.filter((x) => !unmanaged.includes(x.userid) && !inHr.has(x.userid))) {
			const got = p.view(emu, u.userid);
			if (removal === 'delete') assert.equal(got, undefined, `${where}: leaver ${u.userid} deleted`);
			else assert.equal(got?.enabled, false, `${where}: leaver ${u.userid} disabled`);
		}
		assert.deepEqual(unmanaged.map((id) => p.raw(emu, id)), before, `${where}: people outside the managed departments untouched`);

		emu.clearLog();
		const again = await p.sync(emu, rows, params);
		assert.equal(again.status, 'success', where);
		assert.deepEqual(p.writes(emu).map((w) => `${w.path} ${JSON.stringify(w.body)}`), [], `${where}: the second run writes nothing`);
	} finally {
		await emu.close();
	}
}

for (const providerName of Object.keys(PROVIDERS)) {
	test(`${providerName}: ${SEEDS} seeds of random HR changes — managed people equal HR, others untouched, second run writes nothing`, async () => {
		const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
		for (let i = 0; i < seeds.length; i += PARALLEL) {
			await Promise.all(seeds.slice(i, i + PARALLEL).map((seed) => checkSeed(providerName, seed)));
		}
		// The seeds exercised every kind of change.
		const t = TALLY[providerName];
		for (const k of ['created', 'updated', 'moved', 'deleted', 'departments', ...(providerName === 'wecom' ? ['disabled', 'enabled'] : [])]) {
			assert.ok(t[k] > 0, `${providerName}: some seed ${k} something (${JSON.stringify(t)})`);
		}
	});
}
