// The chaos runs: a whole-directory read and a Casdoor sync (Get All in Directory → Map to
// IAM User → Casdoor Sync Users, Apply) run through n8n's engine while the directory
// emulator and the Casdoor emulator fail at random — every transient class, a token
// revoked every N calls, a slow endpoint — and compared with the same run without faults.
// Used by test/reliability/chaos.test.mjs (a few seeds, a small org) and scripts/chaos.mjs
// (50 seeds per provider, the report in docs/reliability.md).
import { randomBytes } from 'node:crypto';

import { startCasdoorEmulator } from '../emulators/casdoor.mjs';
import { startDingTalkEmulator } from '../emulators/dingtalk.mjs';
import { generateOrg } from '../emulators/orgGenerator.mjs';
import { startWeComEmulator } from '../emulators/wecom.mjs';
import { node, runWorkflowChecked } from '../harness/n8n.mjs';

export const ORGANIZATION = 'acme';

/** The transient fault classes each emulator is given, each at rate/classes, so that `rate` is the total. */
export const FAULT_CLASSES = {
	wecom: ['-1', '45009', '45033', '6000', '502', 'reset', 'timeout'],
	dingtalk: ['-1', '90018', '90002', '502', 'reset', 'timeout'],
	casdoor: ['502', 'reset', 'resetAfterApply', 'timeout'],
};

/** The slow endpoint: a share of its calls answer late (but within the timeout). */
export const SLOW_PATH = { wecom: '/cgi-bin/user/list', dingtalk: '/topapi/v2/department/listsub' };

export const DEFAULTS = {
	users: 120,
	departments: 15,
	orgSeed: 7,
	/** Total share of directory calls that meet a transient fault. */
	rate: 0.05,
	casdoorRate: 0.05,
	/** Every Nth authenticated directory call revokes every token. */
	tokenRevokeEvery: 200,
	slowRate: 0.2,
	slowMs: 250,
	/** Request timeout of every credential: a 'timeout' fault costs this long. */
	timeoutSeconds: 1,
	casdoorTimeoutSeconds: 2,
	/** DingTalk's QPS budget in the emulator and the credential (the real one is 20; the chaos is about faults, not pacing). */
	dingTalkQps: 200,
};

const canarySecret = (what) => `canary-${what}-${randomBytes(12).toString('hex')}`;

/**
 * A directory emulator with canary secrets, the credentials for it and its canaries (secrets
 * and every token it issued). `faults` sets tokenRevokeEvery, timeoutSeconds, dingTalkQps;
 * `emulator` passes options through (failFor, ipLimit …).
 */
export async function startDirectory(provider, org, faults, emulator = {}) {
	if (provider === 'wecom') {
		const appSecret = canarySecret('wecom-app');
		const emu = await startWeComEmulator({ org, appSecret, contactsSecret: canarySecret('wecom-contacts'), tokenRevokeEvery: faults?.tokenRevokeEvery ?? null, ...emulator });
		return {
			emu,
			credentials: {
				weComApi: { corpId: emu.corpId, secret: appSecret, agentId: '1000002', baseUrl: emu.url, maxConcurrency: 8, callsPerMinute: 9000, timeoutSeconds: faults?.timeoutSeconds ?? 30 },
			},
			canaries: () => [emu.secrets.app, emu.secrets.contacts, ...emu.issuedTokens()],
		};
	}
	const appSecret = canarySecret('dingtalk-app');
	const qps = faults?.dingTalkQps ?? DEFAULTS.dingTalkQps;
	const emu = await startDingTalkEmulator({ org, appSecret, qps, tokenRevokeEvery: faults?.tokenRevokeEvery ?? null, ...emulator });
	return {
		emu,
		credentials: {
			dingTalkApi: { appKey: emu.appKey, appSecret, qpsPlan: 0, qps, baseUrl: emu.url, timeoutSeconds: faults?.timeoutSeconds ?? 30 },
		},
		canaries: () => [emu.appSecret, ...emu.issuedTokens()],
	};
}

/** A Casdoor emulator seeded with `users`, with a canary client secret; its canaries include the Basic header value. */
export async function startCasdoor(users, timeoutSeconds) {
	const clientSecret = canarySecret('casdoor');
	const emu = await startCasdoorEmulator({ organization: ORGANIZATION, clientSecret, users });
	const basic = Buffer.from(`${emu.clientId}:${clientSecret}`).toString('base64');
	return {
		emu,
		credentials: { casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret, organization: ORGANIZATION, timeoutSeconds } },
		canaries: () => [clientSecret, basic],
	};
}

/** Transient faults at `settings.rate` in all (split over the provider's classes) and the slow endpoint at `settings.slowRate`. */
export function injectDirectoryFaults(provider, emu, seed, settings) {
	const handles = [];
	const classes = FAULT_CLASSES[provider];
	classes.forEach((kind, k) => {
		handles.push(emu.injectFaults({ kind, rate: settings.rate / classes.length, seed: seed * 101 + k }));
	});
	if (settings.slowRate > 0) {
		handles.push(emu.injectFaults({ kind: 'slow', rate: settings.slowRate, slowMs: settings.slowMs, paths: [SLOW_PATH[provider]], seed: seed * 101 + 50 }));
	}
	return handles;
}

function injectCasdoorFaults(provider, emu, seed, settings) {
	const classes = FAULT_CLASSES.casdoor;
	// Seeds differ by provider: the two syncs make almost the same Casdoor calls.
	const base = seed * 103 + (provider === 'wecom' ? 0 : 50_021);
	return classes.map((kind, k) => emu.injectFaults({ kind, rate: settings.casdoorRate / classes.length, seed: base + k }));
}

/**
 * The workflow: Get All in Directory (raw) → Map to IAM User (groups by department ID) → Sync
 * Users (Apply). `getAll`, `map`, `sync` add parameters; `extra` adds node settings by node name.
 */
export function workflow(provider, { getAll = {}, map = {}, sync = {}, extra = {} } = {}) {
	const [type, resource] = provider === 'wecom' ? ['weCom', 'member'] : ['dingTalk', 'user'];
	return [
		node(type, { resource, operation: 'getAllInDirectory', returnAll: true, output: 'raw', ...getAll }, { name: 'Get All', ...extra['Get All'] }),
		node(type, { resource, operation: 'mapToIamUser', organization: ORGANIZATION, sourceName: 'acme', mapOptions: { groups: 'departmentId' }, ...map }, { name: 'Map', ...extra.Map }),
		node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', ...sync }, { name: 'Sync', ...extra.Sync }),
	];
}

/** Casdoor users as a first fault-free sync of `org` leaves them (to seed later runs with). */
export async function syncedUsers(provider, org, options = {}) {
	const dir = await startDirectory(provider, org, { timeoutSeconds: 5 });
	const cas = await startCasdoor([], 5);
	try {
		const r = await runWorkflowChecked(
			{ nodes: workflow(provider, options), credentials: { ...dir.credentials, ...cas.credentials } },
			{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
		);
		if (r.status !== 'success') throw new Error(`the first sync failed: ${r.error?.message}`);
		return [...cas.emu.users.values()].map((u) => structuredClone(u));
	} finally {
		await dir.emu.close();
		await cas.emu.close();
	}
}

/** JSON with object keys sorted at every depth. */
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** The Casdoor organization as comparable text: every user, server-set times left out. */
export function casdoorState(emu) {
	return [...emu.users.values()]
		.map((u) => {
			const { createdTime, updatedTime, deletedTime, ...rest } = u;
			return canonical(rest);
		})
		.sort();
}

/** The transport counts the nodes logged (router → debug "Directory API calls of this run"), by provider. */
export function transportCounts(logs) {
	const out = {};
	for (const line of logs) {
		if (line.message !== 'Directory API calls of this run') continue;
		const meta = JSON.parse(line.meta);
		const c = (out[meta.provider] ??= { calls: 0, retries: 0, tokenRefreshes: 0, rateLimited: 0 });
		for (const key of Object.keys(c)) c[key] += meta[key] ?? 0;
	}
	return out;
}

function faultCounts(log) {
	const byKind = {};
	for (const e of log) if (e.fault) byKind[e.fault] = (byKind[e.fault] ?? 0) + 1;
	return byKind;
}

const sum = (o) => Object.values(o).reduce((n, v) => n + v, 0);

async function runOnce(provider, org, casdoorUsers, settings, seed) {
	const faulty = seed !== undefined;
	const dir = await startDirectory(provider, org, faulty ? settings : { timeoutSeconds: settings.timeoutSeconds });
	const cas = await startCasdoor(casdoorUsers, settings.casdoorTimeoutSeconds);
	try {
		if (faulty) {
			injectDirectoryFaults(provider, dir.emu, seed, settings);
			injectCasdoorFaults(provider, cas.emu, seed, settings);
		}
		const started = Date.now();
		let result;
		try {
			result = await runWorkflowChecked(
				{ nodes: workflow(provider), credentials: { ...dir.credentials, ...cas.credentials } },
				{ canaries: () => [...dir.canaries(), ...cas.canaries()] },
			);
		} catch (error) {
			// The canary found a secret or token in what the run exposed.
			return { status: 'leak', error: error.message, members: [], state: [], directoryFaults: faultCounts(dir.emu.log), casdoorFaults: faultCounts(cas.emu.log), transport: {}, directoryCalls: dir.emu.log.length, casdoorCalls: cas.emu.log.length, ms: Date.now() - started };
		}
		const ms = Date.now() - started;
		const members = result.status === 'success' || result.runData['Get All'] ? (result.runData['Get All']?.[0]?.data?.main?.[0] ?? []).map((i) => i.json) : [];
		const directoryFaults = faultCounts(dir.emu.log);
		const casdoorFaults = faultCounts(cas.emu.log);
		return {
			status: result.status,
			error: result.error ? `${result.error.message} ${result.error.description ?? ''}` : undefined,
			members,
			summary: result.runData.Sync?.[0]?.data?.main?.[0]?.map((i) => i.json).find((j) => j.action === 'summary'),
			state: casdoorState(cas.emu),
			directoryFaults,
			casdoorFaults,
			transport: transportCounts(result.logs),
			directoryCalls: dir.emu.log.length,
			tokenFetches: dir.emu.log.filter((e) => e.path === '/cgi-bin/gettoken' || e.path === '/gettoken').length,
			casdoorCalls: cas.emu.log.length,
			ms,
		};
	} finally {
		await dir.emu.close();
		await cas.emu.close();
	}
}

/**
 * Casdoor before the sync, derived from a first fault-free sync into an empty organization:
 * most users already there and unchanged, some missing (created), some changed (updated),
 * some forbidden while active upstream (unforbidden), some extra users of the source gone
 * upstream (forbidden, under the 20% guard), a local user and another source's user.
 */
function perturb(synced) {
	const users = [];
	synced.forEach((u, i) => {
		if (i % 20 === 3) return; // 5%: missing → create
		const copy = structuredClone(u);
		if (i % 20 === 5) copy.title = 'Former title'; // → update
		if (i % 33 === 7 && copy.isForbidden !== true) copy.isForbidden = true; // → unforbid
		users.push(copy);
	});
	const extra = Math.max(1, Math.floor(synced.length * 0.04));
	for (let k = 0; k < extra; k++) {
		users.push({ owner: ORGANIZATION, name: `gone-user-${k}`, id: `gone-${k}`, externalId: `gone-${k}`, displayName: `Gone ${k}`, type: 'normal-user', properties: { source: synced[0].properties.source } });
	}
	users.push({ owner: ORGANIZATION, name: 'local-admin', id: 'local-admin', displayName: 'Local admin', email: 'admin@acme.example' });
	users.push({ owner: ORGANIZATION, name: 'other-source-user', id: 'other-1', displayName: 'Other', properties: { source: 'dingtalk:elsewhere' } });
	return users;
}

/** A member as compared between runs: each read marks its items with an id of its own. */
export const comparable = (m) => JSON.stringify(m.directoryRead ? { ...m, directoryRead: { ...m.directoryRead, id: '' } } : m);

function compare(baseline, run) {
	const key = (m) => m.userid;
	const base = new Map(baseline.members.map((m) => [key(m), comparable(m)]));
	const seen = new Map();
	let duplicated = 0;
	let changed = 0;
	for (const m of run.members) {
		const id = key(m);
		if (seen.has(id)) duplicated++;
		seen.set(id, true);
		if (base.has(id) && base.get(id) !== comparable(m)) changed++;
	}
	const missing = [...base.keys()].filter((id) => !seen.has(id)).length;
	const extra = [...seen.keys()].filter((id) => !base.has(id)).length;
	const baseState = new Set(baseline.state);
	const runState = new Set(run.state);
	const stateMissing = baseline.state.filter((s) => !runState.has(s)).length;
	const stateExtra = run.state.filter((s) => !baseState.has(s)).length;
	return { duplicated, missing, extra, changed, stateMissing, stateExtra, equal: duplicated + missing + extra + changed + stateMissing + stateExtra === 0 };
}

/**
 * Run `seeds` faulty runs of one provider and compare each with the fault-free run.
 * Returns the per-run records and the totals the report prints.
 */
export async function chaos(provider, seeds, overrides = {}, onRun = () => {}) {
	const settings = { ...DEFAULTS, ...overrides };
	const org = generateOrg({ users: settings.users, departments: settings.departments, seed: settings.orgSeed });
	const first = await runOnce(provider, org, [], settings);
	if (first.status !== 'success') throw new Error(`the fault-free sync into an empty Casdoor failed: ${first.error}`);
	const before = perturb(first.state.map((s) => JSON.parse(s)));
	const baseline = await runOnce(provider, org, before, settings);
	if (baseline.status !== 'success') throw new Error(`the fault-free run failed: ${baseline.error}`);
	const runs = [];
	for (const seed of seeds) {
		const run = await runOnce(provider, org, before, settings, seed);
		const diff = run.status === 'success' ? compare(baseline, run) : { equal: false };
		const record = { provider, seed, status: run.status, error: run.error, ms: run.ms, ...diff, directoryFaults: run.directoryFaults, casdoorFaults: run.casdoorFaults, transport: run.transport, directoryCalls: run.directoryCalls, tokenFetches: run.tokenFetches ?? 0, casdoorCalls: run.casdoorCalls };
		runs.push(record);
		onRun(record);
	}
	const totals = {
		provider,
		runs: runs.length,
		failed: runs.filter((r) => r.status !== 'success').length,
		leaks: runs.filter((r) => r.status === 'leak').length,
		unequal: runs.filter((r) => !r.equal).length,
		duplicated: runs.reduce((n, r) => n + (r.duplicated ?? 0), 0),
		missing: runs.reduce((n, r) => n + (r.missing ?? 0) + (r.stateMissing ?? 0), 0),
		directoryFaults: runs.reduce((n, r) => n + sum(r.directoryFaults), 0),
		casdoorFaults: runs.reduce((n, r) => n + sum(r.casdoorFaults), 0),
		faultsByKind: {},
		retries: 0,
		tokenRefreshes: 0,
		directoryCalls: runs.reduce((n, r) => n + r.directoryCalls, 0),
		tokenFetches: runs.reduce((n, r) => n + r.tokenFetches, 0),
		casdoorCalls: runs.reduce((n, r) => n + r.casdoorCalls, 0),
		ms: runs.reduce((n, r) => n + r.ms, 0),
		baseline: { members: baseline.members.length, casdoorUsers: baseline.state.length, summary: baseline.summary, directoryCalls: baseline.directoryCalls, casdoorCalls: baseline.casdoorCalls },
		settings: { ...settings, seeds: seeds.length },
	};
	for (const r of runs) {
		for (const [k, v] of Object.entries({ ...r.directoryFaults })) totals.faultsByKind[k] = (totals.faultsByKind[k] ?? 0) + v;
		for (const [k, v] of Object.entries(r.casdoorFaults)) totals.faultsByKind[`casdoor:${k}`] = (totals.faultsByKind[`casdoor:${k}`] ?? 0) + v;
		for (const t of Object.values(r.transport)) {
			totals.retries += t.retries;
			totals.tokenRefreshes += t.tokenRefreshes;
		}
	}
	return { runs, totals };
}
