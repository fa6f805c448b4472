// The Directory Changes trigger in the bench: at 50k members, the snapshot's size in the
// workflow's static data (bytes a member, target ≤ 40) and the cost of a poll that finds no
// change against the plain read it is built on (Get All in Directory; target ≤ 1.1×).
// Both on the WeCom emulator with the bench's latency, medians of `runs`.
import { node, runWorkflow } from '../test/harness/n8n.mjs';
import { activatePoller } from '../test/harness/trigger.mjs';
import { hostEmulator } from './host.mjs';
import { median } from './median.mjs';


export async function changesCase(label, size, { latencyMs = 20, jitterMs = 5, concurrency = 10, runs = 3 } = {}) {
	// At 50k a read is 2,001 user/list calls and the case makes seven within a minute: at WeCom's
	// 10,000 calls a minute the later reads waited for the window (one poll took 43 s against
	// 5 s), which is the rate limit, not what a poll costs over a read. Both sides get a
	// per-minute budget no run here reaches; the limiter has its own tests and bench cases.
	const emu = await hostEmulator('wecom', {
		org: { ...size, seed: 42 },
		options: { latencyMs, jitterMs, rateLimitPerMinute: 100_000, rateWindowMs: 60_000, concurrencyCap: concurrency, seed: 42 },
	});
	try {
		const credentials = { weComApi: { corpId: emu.corpId, secret: emu.secrets.app, baseUrl: emu.url, maxConcurrency: concurrency, callsPerMinute: 90_000 } };
		const poller = await activatePoller({ trigger: 'Changes', nodes: [node('weComDirectoryChangesTrigger', {}, { name: 'Changes' })], credentials });
		const baseline = await poller.poll();
		if (baseline !== null) throw new Error('the first poll emitted items');
		const snapshot = poller.staticData['node:Changes'].directorySnapshot;
		const memberBytes = Buffer.byteLength(JSON.stringify(snapshot.members));
		const totalBytes = Buffer.byteLength(JSON.stringify(snapshot));
		const plain = [];
		const polls = [];
		for (let i = 0; i < runs; i++) {
			let t = performance.now();
			const r = await runWorkflow({ nodes: [node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })], credentials });
			if (r.status !== 'success') throw new Error(`plain read failed: ${r.error?.message}`);
			plain.push(performance.now() - t);
			t = performance.now();
			const run = await poller.poll();
			if (run !== null) throw new Error('a poll of an unchanged directory emitted items');
			polls.push(performance.now() - t);
		}
		const plainMs = median(plain);
		const pollMs = median(polls);
		return {
			provider: 'wecom',
			case: `directory-changes-${label}`,
			users: size.users,
			departments: size.departments,
			snapshotBytesPerMember: +(memberBytes / size.users).toFixed(1),
			snapshotTotalBytesPerMember: +(totalBytes / size.users).toFixed(1),
			plainReadMs: Math.round(plainMs),
			unchangedPollMs: Math.round(pollMs),
			pollToReadRatio: +(pollMs / plainMs).toFixed(3),
			plainRuns: plain.map(Math.round),
			pollRuns: polls.map(Math.round),
		};
	} finally {
		await emu.close();
	}
}

if (process.argv[1]?.endsWith('bench/changes.mjs')) {
	const r = await changesCase('50k', { users: 50_000, departments: 2000 });
	process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
