// `npm run bench [-- --scale 0.2 --sizes 1k,10k,50k --skip-baseline --only wecom|dingtalk|sync|members|changes|memory]`
// Whole-directory fetch (and, where the nodes exist, map + sync) through n8n's engine,
// against emulators with realistic latency and the documented limits; the floor the
// platform allows for the same run; Casdoor's strategy as a baseline; results.json + chart.
import { fork, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import { node, runWorkflow } from '../test/harness/n8n.mjs';
import { changesCase } from './changes.mjs';
import { memberSyncCase } from './memberSync.mjs';
import { n8nHelperWeCom } from './n8nHelperFloor.mjs';
import { renderChart } from './chart.mjs';
import { resultsTable } from './table.mjs';
import { hostEmulator } from './host.mjs';
import { median, medianBy } from './median.mjs';
import { mergeResults } from './merge.mjs';
import { sharedCase } from './shared.mjs';

const args = process.argv.slice(2);
// The last occurrence wins: `npm run bench -- --scale 1` overrides the script's own --scale 0.2.
const flag = (name, fallback) => {
	const i = args.lastIndexOf(`--${name}`);
	return i < 0 ? fallback : args[i + 1] === undefined || args[i + 1].startsWith('--') ? true : args[i + 1];
};

/** Time scale: latency × scale, rate limits ÷ scale, so ratios hold and a run fits in minutes. */
export const SCALE = Number(flag('scale', process.env.BENCH_SCALE ?? 1));
/**
 * WeCom's own scale, 1 (real latency) by default. Its floor is latency ÷ concurrency, not a
 * rate: 2 ms per call at 20 ms and 10 in flight, and a whole 50k read is 4 s unscaled. Scaled
 * to 0.2 that budget is 0.4 ms, below what n8n's request helper alone costs per call on a
 * small machine, so the ratio would measure the machine, not the client.
 */
export const WECOM_SCALE = Number(flag('wecom-scale', process.env.BENCH_WECOM_SCALE ?? 1));
const LATENCY_MS = 20;
const JITTER_MS = 5;
const WECOM_PER_MINUTE = 10_000;
const WECOM_CONCURRENCY_CAP = 10;
/** Max Concurrent Requests tried over HTTPS (`--only https`); 10 is the credential's default. */
const CONCURRENCY_SWEEP = [5, 10, 20];

const SIZES = {
	'1k': { users: 1000, departments: 50 },
	'10k': { users: 10_000, departments: 500 },
	'50k': { users: 50_000, departments: 2000 },
	'100k': { users: 100_000, departments: 2000 },
};

/**
 * Peak RSS, JS heap and buffer memory of this process while `fn` runs (sampled every 20 ms).
 * The sampler cannot run while the event loop is blocked (Map and a 100k plan are synchronous
 * for seconds), so a process that runs one case only (`processPeak`) takes the kernel's peak
 * RSS of the process instead, which sees every page.
 */
async function measured(fn, { processPeak = false } = {}) {
	global.gc?.();
	const start = process.memoryUsage();
	const before = start.rss;
	let peak = before;
	let heapPeak = start.heapUsed;
	let buffersPeak = start.external + start.arrayBuffers;
	const sample = () => {
		const m = process.memoryUsage();
		peak = Math.max(peak, m.rss);
		heapPeak = Math.max(heapPeak, m.heapUsed);
		buffersPeak = Math.max(buffersPeak, m.external + m.arrayBuffers);
	};
	const timer = setInterval(sample, 20);
	const started = performance.now();
	const cpuBefore = process.cpuUsage();
	try {
		const value = await fn();
		const ms = performance.now() - started;
		sample();
		if (processPeak) peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
		const cpu = process.cpuUsage(cpuBefore);
		// What the run still holds once garbage is gone: n8n keeps every node's output items.
		global.gc?.();
		const retainedHeap = process.memoryUsage().heapUsed - start.heapUsed;
		return {
			value,
			ms,
			cpuMs: (cpu.user + cpu.system) / 1000,
			peakRss: peak,
			rssBefore: before,
			heapPeakGrowth: heapPeak - start.heapUsed,
			buffersPeakGrowth: buffersPeak - (start.external + start.arrayBuffers),
			retainedHeap,
		};
	} finally {
		clearInterval(timer);
	}
}

/** A baseline client's run, in its own process (bench/baselineChild.mjs says why): { ms, value }. */
async function baselineRun(provider, args) {
	const child = fork(fileURLToPath(new URL('./baselineChild.mjs', import.meta.url)), [provider, JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	return await new Promise((resolve, reject) => {
		child.once('message', resolve);
		child.once('exit', (code) => reject(new Error(`the ${provider} baseline exited with ${code}`)));
	});
}

/** Calls that fit in one window cost no waiting; each further full window costs one window. */
function rateFloorMs(calls, limit, windowMs) {
	return calls <= limit ? 0 : Math.floor((calls - 1) / limit) * windowMs;
}

/** Run our Get All node; a failed run or error items count as rate-limit errors surfaced when they are about rate limits. */
async function runGetAll(nodes, credentials, rateLimitPattern) {
	const r = await runWorkflow({ nodes, credentials });
	const items = r.status === 'success' ? r.output('Get All') : [];
	const errors = [...(r.status === 'success' ? [] : [r.error?.message ?? 'run failed']), ...items.filter((j) => j.error).map((j) => j.error)];
	if (r.status !== 'success' && !rateLimitPattern.test(String(r.error?.message))) throw new Error(`our run failed: ${r.error?.message}`);
	return { fetched: items.filter((j) => !j.error).length, surfaced: errors.filter((e) => rateLimitPattern.test(String(e))).length };
}

/**
 * WeCom Get All in Directory against the n8n-helper floor, `repeat` reads each, alternating
 * ours and the helper's on one emulator, the medians compared. The emulator first serves one
 * unmeasured read: a cold emulator (its JIT, its caches) answers the first read slower, and
 * that must not fall on whichever side goes first. Each read starts with fresh rate windows,
 * as a read a minute after the last would (2,000 calls a read, 10,000 a minute).
 */
export async function weComCase(label, size, { baseline = true, repeat = 3, latencyMs = LATENCY_MS * WECOM_SCALE, jitterMs = JITTER_MS * WECOM_SCALE, tls = false, concurrency = WECOM_CONCURRENCY_CAP, concurrencyCap = WECOM_CONCURRENCY_CAP } = {}) {
	const latency = latencyMs;
	const emu = await hostEmulator('wecom', {
		org: { ...size, seed: 42 },
		options: {
			tls,
			latencyMs,
			jitterMs,
			rateLimitPerMinute: WECOM_PER_MINUTE,
			rateWindowMs: 60_000 * WECOM_SCALE,
			concurrencyCap,
			seed: 42,
		},
	});
	try {
		const credentials = {
			weComApi: { corpId: emu.corpId, secret: emu.secrets.app, baseUrl: emu.url, maxConcurrency: concurrency, callsPerMinute: 9000 },
		};
		const helperRead = (keep = false) => n8nHelperWeCom({ url: emu.url, corpId: emu.corpId, secret: emu.secrets.app, concurrency, keep });
		const fresh = async () => {
			await emu.resetRateWindows();
			await emu.clearLog();
		};
		await helperRead();
		const oursRuns = [];
		const helperMs = [];
		const keepingMs = [];
		let stats;
		let emulatorCpuMs = 0;
		for (let i = 0; i < repeat; i++) {
			await fresh();
			const emuCpuBefore = await emu.cpuMs();
			oursRuns.push(
				await measured(
					async () =>
						await runGetAll(
							[node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })],
							credentials,
							/45009|45033|frequen|concurren/i,
						),
				),
			);
			emulatorCpuMs = Math.round((await emu.cpuMs()) - emuCpuBefore);
			stats = await emu.stats();
			await fresh();
			helperMs.push((await helperRead()).ms);
			await fresh();
			keepingMs.push((await helperRead(true)).ms);
			global.gc?.();
		}
		// Memory from the first read (RSS, once reserved, does not shrink); time as medians.
		const first = oursRuns[0];
		const oursMs = median(oursRuns.map((r) => r.ms));
		const floorHelperMs = median(helperMs);
		const departmentCalls = stats.byPath['/cgi-bin/department/list'] ?? 0;
		const userListCalls = stats.byPath['/cgi-bin/user/list'] ?? 0;
		// gettoken → department/list → user/list per department, C at a time.
		const latencyFloor = latency * (1 + departmentCalls + Math.ceil(userListCalls / concurrency));
		const rateFloor = Math.max(
			rateFloorMs(userListCalls, WECOM_PER_MINUTE, 60_000 * WECOM_SCALE),
			rateFloorMs(departmentCalls, WECOM_PER_MINUTE, 60_000 * WECOM_SCALE),
		);
		const floorMs = Math.max(latencyFloor, rateFloor);
		const result = {
			provider: 'wecom',
			case: label,
			users: size.users,
			departments: size.departments,
			scale: WECOM_SCALE,
			concurrency,
			fetched: first.value.fetched,
			ms: Math.round(oursMs),
			floorMs: Math.round(floorMs),
			vsFloor: +(oursMs / floorMs).toFixed(2),
			n8nHelperMs: Math.round(floorHelperMs),
			vsN8nHelper: +(oursMs / floorHelperMs).toFixed(2),
			runsMs: oursRuns.map((r) => Math.round(r.ms)),
			runsN8nHelperMs: helperMs.map(Math.round),
			// Not a floor: what keeping the items costs the helper alone (see n8nHelperFloor.mjs).
			n8nHelperKeepingMs: Math.round(median(keepingMs)),
			vsN8nHelperKeeping: +(oursMs / median(keepingMs)).toFixed(2),
			runsN8nHelperKeepingMs: keepingMs.map(Math.round),
			calls: stats.byPath,
			rateLimitErrorsSeen: (stats.errcodes['45009'] ?? 0) + (stats.errcodes['45033'] ?? 0),
			rateLimitErrorsSurfaced: Math.max(...oursRuns.map((r) => r.value.surfaced)),
			peakRssMb: +(first.peakRss / 2 ** 20).toFixed(1),
			rssPerUserKb: +((first.peakRss - first.rssBefore) / 1024 / size.users).toFixed(2),
			cpuMs: Math.round(median(oursRuns.map((r) => r.cpuMs))),
			emulatorCpuMs,
		};
		if (baseline) {
			await fresh();
			const base = await baselineRun('wecom', { url: emu.url, corpId: emu.corpId, secret: emu.secrets.app });
			result.baselineMs = Math.round(base.ms);
			result.baselineCalls = (await emu.stats()).total;
			result.baselineVsOurs = +(base.ms / oursMs).toFixed(2);
		}
		return result;
	} finally {
		await emu.close();
	}
}


const DINGTALK_QPS = 20;

export async function dingTalkCase(label, size, { baseline = true, scale = SCALE, latencyMs = LATENCY_MS * scale, jitterMs = JITTER_MS * scale, tls = false } = {}) {
	const latency = latencyMs;
	const qps = Math.round(DINGTALK_QPS / scale);
	const emu = await hostEmulator('dingtalk', {
		org: { ...size, seed: 42 },
		options: { tls, latencyMs: latency, jitterMs, qps, seed: 42 },
	});
	try {
		const credentials = { dingTalkApi: { appKey: emu.appKey, appSecret: emu.appSecret, qpsPlan: 0, qps, baseUrl: emu.url } };
		const ours = await measured(
			async () =>
				await runGetAll(
					[node('dingTalk', { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })],
					credentials,
					/90018|90002|qps|rate limit|frequen/i,
				),
		);
		const stats = await emu.stats();
		// Each API has its own budget of `qps` calls per second; the floor is the busiest API's
		// calls at that rate, plus one round trip for the token and the last page.
		const perApi = Object.entries(stats.byPath).filter(([path]) => path !== '/gettoken');
		const rateFloor = Math.max(...perApi.map(([, calls]) => rateFloorMs(calls, qps, 1000)));
		const floorMs = rateFloor + 2 * latency;
		const result = {
			provider: 'dingtalk',
			case: label,
			users: size.users,
			departments: size.departments,
			scale,
			fetched: ours.value.fetched,
			ms: Math.round(ours.ms),
			floorMs: Math.round(floorMs),
			vsFloor: +(ours.ms / floorMs).toFixed(2),
			calls: stats.byPath,
			timing: stats.timing,
			rateLimitErrorsSeen: Object.entries(stats.errcodes).filter(([c]) => /90018|90002/.test(c)).reduce((a, [, n]) => a + n, 0),
			rateLimitErrorsSurfaced: ours.value.surfaced,
			peakRssMb: +(ours.peakRss / 2 ** 20).toFixed(1),
			rssPerUserKb: +((ours.peakRss - ours.rssBefore) / 1024 / size.users).toFixed(2),
		};
		if (baseline) {
			await emu.clearLog();
			const base = await baselineRun('dingtalk', { url: emu.url, appKey: emu.appKey, appSecret: emu.appSecret, blockMs: 1000 });
			result.baselineMs = Math.round(base.ms);
			result.baselineCalls = (await emu.stats()).total;
			result.baselineRateLimitRetries = base.value.rateLimitRetries;
			result.baselineVsOurs = +(base.ms / ours.ms).toFixed(2);
		}
		return result;
	} finally {
		await emu.close();
	}
}

/**
 * The sync case runs up to 10k users. Its first run fills an empty Casdoor with one add-user
 * per user, and the Casdoor client writes at most 100 calls a second (CASDOOR_DEFAULTS, not
 * scaled by the bench): 100 s at 10k, over 8 minutes at 50k before the measured run starts,
 * with the emulator scanning every user for a duplicate email on each add-user besides.
 */
const SYNC_MAX_USERS = 10_000;

/** fetch → map → Casdoor Sync Users (Apply) twice: the first fills Casdoor, the second runs after 1% of users changed. */
export async function syncCase(label, size) {
	const wecom = await hostEmulator('wecom', { org: { ...size, seed: 7 }, options: { latencyMs: LATENCY_MS * SCALE, concurrencyCap: WECOM_CONCURRENCY_CAP } });
	const casdoor = await hostEmulator('casdoor', { options: { latencyMs: LATENCY_MS * SCALE } });
	try {
		const credentials = {
			weComApi: { corpId: wecom.corpId, secret: wecom.secrets.app, baseUrl: wecom.url, maxConcurrency: WECOM_CONCURRENCY_CAP, callsPerMinute: 9000 },
			casdoorApi: { endpoint: casdoor.url, clientId: casdoor.clientId, clientSecret: casdoor.clientSecret, organization: 'acme' },
		};
		const nodes = [
			node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' }),
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'bench', mapOptions: {} }, { name: 'Map' }),
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', removalPolicy: 'forbid', syncOptions: {} }, { name: 'Sync' }),
		];
		const summaryOf = (r) => r.output('Sync').find((j) => j.action === 'summary');
		const firstStarted = performance.now();
		const first = await runWorkflow({ nodes, credentials });
		const firstSyncMs = performance.now() - firstStarted;
		if (first.status !== 'success') throw new Error(first.error?.message);
		const changed = await wecom.eval(`
			const users = [...emu.state.users.values()];
			const step = Math.floor(users.length / ${Math.max(1, Math.round(size.users / 100))});
			let n = 0;
			for (let i = 0; i < users.length && n < ${Math.round(size.users / 100)}; i += step, n++) users[i].position = 'Changed ' + i;
			emu.state.touch();
			return n;`);
		await casdoor.clearLog();
		const second = await measured(async () => await runWorkflow({ nodes, credentials }));
		if (second.value.status !== 'success') throw new Error(second.value.error?.message);
		const summary = summaryOf(second.value);
		const calls = (await casdoor.stats()).byPath;
		const reads = (calls['/api/get-users'] ?? 0) + (calls['/api/get-user'] ?? 0);
		const writes = Object.entries(calls).filter(([p]) => !p.startsWith('/api/get-')).reduce((a, [, n]) => a + n, 0);
		return {
			provider: 'casdoor-sync',
			case: label,
			users: size.users,
			changed,
			ms: Math.round(second.ms),
			updated: summary.updated,
			casdoorReads: reads,
			casdoorWrites: writes,
			callBudget: `≤ 1 read + ${changed} writes`,
			withinBudget: reads <= 1 && writes <= changed,
			firstSyncCreated: summaryOf(first).created,
			firstSyncMs: Math.round(firstSyncMs),
		};
	} finally {
		await wecom.close();
		await casdoor.close();
	}
}

/** Peak RSS of fetch → map → plan (Sync Users, Dry Run) for a large org, read with Output = Compact (what the README recommends for large directories). */
export async function memoryCase(label, size) {
	const wecom = await hostEmulator('wecom', { org: { ...size, seed: 9 }, options: {} });
	const casdoor = await hostEmulator('casdoor', { options: {} });
	try {
		const credentials = {
			weComApi: { corpId: wecom.corpId, secret: wecom.secrets.app, baseUrl: wecom.url, maxConcurrency: WECOM_CONCURRENCY_CAP, callsPerMinute: 9000 },
			casdoorApi: { endpoint: casdoor.url, clientId: casdoor.clientId, clientSecret: casdoor.clientSecret, organization: 'acme' },
		};
		const nodes = [
			node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'compact' }, { name: 'Get All' }),
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'bench', mapOptions: {} }, { name: 'Map' }),
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'dryRun', removalPolicy: 'forbid', syncOptions: {} }, { name: 'Plan' }),
		];
		let result;
		const run = await measured(async () => {
			// Kept past the measurement, as n8n keeps an execution's data until it is saved.
			result = await runWorkflow({ nodes, credentials });
			if (result.status !== 'success') throw new Error(result.error?.message);
			return result.output('Plan').length;
		}, { processPeak: true });
		const perUserKb = (bytes) => +(bytes / 1024 / size.users).toFixed(2);
		return {
			provider: 'memory',
			case: label,
			users: size.users,
			planned: run.value - 1,
			ms: Math.round(run.ms),
			peakRssMb: +(run.peakRss / 2 ** 20).toFixed(1),
			rssGrowthMb: +((run.peakRss - run.rssBefore) / 2 ** 20).toFixed(1),
			peakRssPerUserKb: perUserKb(run.peakRss),
			growthPerUserKb: perUserKb(run.peakRss - run.rssBefore),
			heapPeakGrowthPerUserKb: perUserKb(run.heapPeakGrowth),
			buffersPeakGrowthPerUserKb: perUserKb(run.buffersPeakGrowth),
			retainedHeapPerUserKb: perUserKb(run.retainedHeap),
			outputItems: result.output('Get All').length + result.output('Map').length + result.output('Plan').length,
		};
	} finally {
		await wecom.close();
		await casdoor.close();
	}
}

/**
 * The memory case, each run in a fresh process: RSS does not shrink once reserved, so a run
 * after others would show less growth than a first read on a fresh n8n. Peak RSS also depends
 * on when V8 collects; the median of `runs` is reported, with every run.
 */
export async function memoryRuns(label, runs) {
	const all = [];
	for (let i = 0; i < runs; i++) {
		const child = fork(fileURLToPath(import.meta.url), ['--memory-child', label], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
		all.push(
			await new Promise((resolve, reject) => {
				child.on('message', resolve);
				child.on('exit', (code) => reject(new Error(`memory run exited with ${code}`)));
			}),
		);
		child.kill();
	}
	return { ...medianBy(all, (r) => r.growthPerUserKb), runsGrowthPerUserKb: all.map((r) => r.growthPerUserKb), runsPeakRssMb: all.map((r) => r.peakRssMb) };
}

/**
 * Several n8n processes on one DingTalk app (issue 22), each count `repeat` times; the row
 * reported is the median by time, with every run's time and refusal count beside it.
 */
export async function sharedRuns(label, size, processes, repeat = 3) {
	const rows = [];
	for (let i = 0; i < repeat; i++) {
		rows.push(await sharedCase(label, size, { processes, scale: SCALE, latencyMs: LATENCY_MS, jitterMs: JITTER_MS, qps: DINGTALK_QPS }));
	}
	const { timing, ...middle } = medianBy(rows, (r) => r.vsFloor);
	return { ...middle, runsVsFloor: rows.map((r) => r.vsFloor), runsRefusedShare: rows.map((r) => r.refusedShare), timing };
}

/**
 * The case users will see: the emulators over HTTPS (the bench's self-signed certificate,
 * trusted through NODE_EXTRA_CA_CERTS) with 30 ± 10 ms answers, unscaled, so every call pays
 * the TLS handshake n8n's request helper makes it pay (a new connection per request). WeCom
 * 10k and 50k against the helper floor under the same conditions, DingTalk 10k against its
 * 20 QPS floor; the median of `repeat` runs by time.
 */
export async function httpsCases(repeat = 3) {
	const medianRow = async (run) => {
		const rows = [];
		for (let i = 0; i < repeat; i++) rows.push(await run());
		return { ...medianBy(rows, (r) => r.ms), runsMs: rows.map((r) => r.ms) };
	};
	const https = { latencyMs: 30, jitterMs: 10, tls: true, baseline: false };
	const out = [];
	// WeCom alternates its own reads with the helper's and reports the medians, at each Max
	// Concurrent Requests of the sweep: the default is chosen from these rows. WeCom publishes
	// no concurrency limit (only 10,000 calls a minute per API), so the emulator refuses
	// nothing here for being concurrent.
	for (const label of ['10k', '50k']) {
		for (const concurrency of CONCURRENCY_SWEEP) {
			const row = await weComCase(label, SIZES[label], { ...https, repeat, concurrency, concurrencyCap: null });
			out.push({ ...row, case: concurrency === WECOM_CONCURRENCY_CAP ? label : `${label} C=${concurrency}`, transport: 'https, 30 ± 10 ms' });
		}
	}
	out.push({ ...(await medianRow(() => dingTalkCase('10k', SIZES['10k'], { ...https, scale: 1 }))), transport: 'https, 30 ± 10 ms' });
	return out;
}

export async function runBench({ sizes = ['1k', '10k', '50k'], only, baseline = true, sync = true, memory = true, changes = true, members = true, processes = [1, 2, 3], repeat = 3 } = {}) {
	const results = [];
	const record = (r) => {
		results.push(r);
		process.stdout.write(`${JSON.stringify(r)}\n`);
	};
	if (only === 'shared') {
		for (const label of sizes.filter((s) => SIZES[s].users <= 10_000)) for (const n of processes) record(await sharedRuns(label, SIZES[label], n, repeat));
		return results;
	}
	if (only === 'https') {
		for (const r of await httpsCases(repeat)) record(r);
		return results;
	}
	// Warm-up: load the package and n8n-core once, so the first case does not pay for it.
	await weComCase('warm-up', { users: 50, departments: 5 }, { baseline: false, repeat: 1 });
	for (const label of sizes) {
		if (!only || only === 'wecom') record(await weComCase(label, SIZES[label], { baseline, repeat }));
		if ((!only || only === 'dingtalk') && SIZES[label].users <= 10_000) record(await dingTalkCase(label, SIZES[label], { baseline }));
	}
	if (sync && (!only || only === 'sync')) for (const label of sizes.filter((s) => SIZES[s].users <= SYNC_MAX_USERS)) record(await syncCase(label, SIZES[label]));
	// HR rows → WeCom Sync Members: 10k members, 1% changed → one directory read + one write per change.
	if (members && (!only || only === 'members')) record(await memberSyncCase('10k', SIZES['10k'], { latencyMs: LATENCY_MS * WECOM_SCALE, concurrency: WECOM_CONCURRENCY_CAP, measured }));
	// Directory Changes trigger: snapshot bytes a member and an unchanged poll against the plain read, at each size.
	if (changes && (!only || only === 'changes')) {
		for (const label of sizes) record(await changesCase(label, SIZES[label], { latencyMs: LATENCY_MS * WECOM_SCALE, jitterMs: JITTER_MS * WECOM_SCALE, concurrency: WECOM_CONCURRENCY_CAP }));
	}
	if (memory && (!only || only === 'memory')) record(await memoryRuns('100k', 3));
	return results;
}

if (process.argv[2] === '--memory-child') {
	// One memory run in this fresh process (see memoryRuns): warm up on a small org, then measure.
	await memoryCase('warm-up', { users: 200, departments: 10 });
	process.send(await memoryCase(process.argv[3], SIZES[process.argv[3]]));
} else if (process.argv[1] === fileURLToPath(import.meta.url) && flag('only') === 'https' && process.env.BENCH_TLS_TRUSTED !== '1') {
	// Node reads extra CA certificates at start only: run again trusting the emulators' certificate.
	const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
		stdio: 'inherit',
		// One file only: it replaces any NODE_EXTRA_CA_CERTS of the shell, for this run against the emulators.
		env: { ...process.env, BENCH_TLS_TRUSTED: '1', NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('./tls/emulator.crt', import.meta.url)) },
	});
	child.on('exit', (code) => process.exit(code ?? 1));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const sizes = String(flag('sizes', '1k,10k,50k')).split(',');
	const results = await runBench({
		sizes,
		only: flag('only'),
		baseline: !flag('skip-baseline', false),
		sync: !flag('skip-sync', false),
		memory: !flag('skip-memory', false),
		changes: !flag('skip-changes', false),
		members: !flag('skip-members', false),
		processes: String(flag('processes', '1,2,3')).split(',').map(Number),
		repeat: Number(flag('repeat', 3)),
	});
	const report = {
		date: new Date().toISOString(),
		machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
		settings: {
			scale: SCALE,
			wecomScale: WECOM_SCALE,
			latencyMs: LATENCY_MS,
			jitterMs: JITTER_MS,
			wecomPerMinute: WECOM_PER_MINUTE,
			wecomConcurrencyCap: WECOM_CONCURRENCY_CAP,
			dingtalkQpsPerApi: DINGTALK_QPS,
		},
		results,
	};
	process.stdout.write(`\n${resultsTable(results)}\n\n`);
	const out = fileURLToPath(new URL('.', import.meta.url));
	mkdirSync(out, { recursive: true });
	if (flag('only') === 'https') {
		writeFileSync(`${out}/results-https.json`, `${JSON.stringify(report, null, 2)}\n`);
		process.stdout.write('wrote bench/results-https.json\n');
	} else if (flag('only') === 'shared') {
		// Its own file per time scale: a shared-app run must not replace the full bench's results.
		const file = `results-shared-scale-${SCALE}.json`;
		writeFileSync(`${out}/${file}`, `${JSON.stringify(report, null, 2)}\n`);
		process.stdout.write(`wrote bench/${file}\n`);
	} else {
		const file = `${out}/results.json`;
		const full = flag('only') && existsSync(file) ? mergeResults(JSON.parse(readFileSync(file, 'utf8')), report) : report;
		writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
		writeFileSync(`${out}/chart.svg`, renderChart(full));
		process.stdout.write(`wrote bench/results.json and bench/chart.svg\n`);
	}
}
