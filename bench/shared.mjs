// `npm run bench -- --only shared --processes 1,2,3`: several n8n processes on one DingTalk
// app (issue 22). Each process is a child running n8n's engine with the built package, as a
// queue-mode worker would; all read the whole directory at once from ONE emulator, which
// counts calls per app across them and answers 90018 past its per-API limit. Nothing is
// shared between the children but the emulator, exactly as between real workers.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { hostEmulator } from './host.mjs';

const SELF = fileURLToPath(import.meta.url);

/** Ask every child to run, at once; resolves with each child's answer. */
function spawnChildren(n, setup) {
	const children = Array.from({ length: n }, () => fork(SELF, ['--shared-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
	const next = (child) =>
		new Promise((resolve, reject) => {
			const onExit = (code) => reject(new Error(`shared child exited with ${code}`));
			child.once('exit', onExit);
			child.once('message', (msg) => {
				child.off('exit', onExit);
				if (msg.error) reject(new Error(msg.error));
				else resolve(msg);
			});
		});
	return {
		children,
		/** Send `msg` to every child and wait for every answer. */
		all: async (msg) => {
			const answers = children.map(next);
			for (const child of children) child.send(msg);
			return await Promise.all(answers);
		},
		close: () => children.forEach((c) => c.kill()),
	};
}

/**
 * One row per process count: every child walks the whole directory at once; the floor is the
 * busiest API's calls of ALL processes at the app's limit (the processes share it), plus a
 * token round trip and the last page.
 */
export async function sharedCase(label, size, { processes, scale, latencyMs, jitterMs, qps: platformQps }) {
	const qps = Math.round(platformQps / scale);
	const latency = latencyMs * scale;
	const emu = await hostEmulator('dingtalk', { org: { ...size, seed: 42 }, options: { latencyMs: latency, jitterMs: jitterMs * scale, qps, seed: 42 } });
	// Warm-up against another app, so loading n8n-core and the package costs the measured run
	// nothing and the measured app's limiter starts as a fresh worker's would.
	const warm = await hostEmulator('dingtalk', { org: { users: 50, departments: 5, seed: 1 }, options: { qps: 1000, appKey: 'dingbenchwarmup00001' } });
	const pool = spawnChildren(processes, null);
	try {
		await pool.all({ cmd: 'run', credentials: { appKey: warm.appKey, appSecret: warm.appSecret, qpsPlan: 0, qps: 1000, baseUrl: warm.url } });
		await emu.clearLog();
		const started = performance.now();
		const runs = await pool.all({ cmd: 'run', credentials: { appKey: emu.appKey, appSecret: emu.appSecret, qpsPlan: 0, qps, baseUrl: emu.url } });
		const ms = performance.now() - started;
		const stats = await emu.stats();
		const perApi = Object.entries(stats.byPath).filter(([path]) => path !== '/gettoken');
		// Refused calls are asked again: the floor counts each page once (the calls that succeeded).
		const okCalls = (path) => stats.okByPath?.[path] ?? stats.byPath[path];
		const busiest = Math.max(...perApi.map(([path]) => okCalls(path)));
		const floorMs = (busiest <= qps ? 0 : Math.floor((busiest - 1) / qps) * 1000) + 2 * latency;
		const refused = Object.entries(stats.errcodes).filter(([c]) => /90018|90002/.test(c)).reduce((a, [, n]) => a + n, 0);
		return {
			provider: 'dingtalk-shared',
			case: label,
			users: size.users,
			departments: size.departments,
			scale,
			processes,
			fetchedPerProcess: runs.map((r) => r.fetched),
			ms: Math.round(ms),
			perProcessMs: runs.map((r) => Math.round(r.ms)),
			floorMs: Math.round(floorMs),
			vsFloor: +(ms / floorMs).toFixed(2),
			calls: stats.total,
			rateLimitErrorsSeen: refused,
			refusedShare: +(refused / stats.total).toFixed(4),
			rateLimitErrorsSurfaced: runs.reduce((a, r) => a + r.surfaced, 0),
			// Each process's rate changes per API: where a shared run lost time.
			rates: runs.map((r) => r.rates),
			// When the refusals came (ms after the first call), in 100 ms buckets: where time went.
			refusedAtMs: (stats.refusedAt ?? []).reduce((buckets, t) => {
				const bucket = Math.floor(t / 100) * 100;
				buckets[bucket] = (buckets[bucket] ?? 0) + 1;
				return buckets;
			}, {}),
			timing: stats.timing,
		};
	} finally {
		pool.close();
		await emu.close();
		await warm.close();
	}
}

if (process.argv[2] === '--shared-child') {
	// One "n8n process": the engine with the built package, running what the parent asks.
	const { node, runWorkflow } = await import('../test/harness/n8n.mjs');
	process.on('message', async (msg) => {
		try {
			const started = performance.now();
			const startedAt = Date.now();
			const r = await runWorkflow({
				nodes: [node('dingTalk', { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })],
				credentials: { dingTalkApi: msg.credentials },
			});
			const ms = performance.now() - started;
			if (r.status !== 'success') throw new Error(`run failed: ${r.error?.message}`);
			const items = r.output('Get All');
			const errors = items.filter((j) => j.error).map((j) => String(j.error));
			// How this process's limiters moved (the measured app only; times from the run's start).
			const { limiters } = await import('../dist/lib/transport/transport.js');
			const rates = limiters
				.snapshot()
				.filter((l) => l.key.includes(msg.credentials.appKey) && l.history.length > 0)
				.map((l) => ({ api: l.key.split('|')[3], decreases: l.decreases, history: l.history.map((h) => `${Math.round(h.at - startedAt)}ms→${h.rate}`) }));
			process.send({ ms, fetched: items.length - errors.length, surfaced: errors.filter((e) => /90018|qps|rate limit/i.test(e)).length, rates });
		} catch (error) {
			process.send({ error: String(error?.stack ?? error) });
		}
	});
}
