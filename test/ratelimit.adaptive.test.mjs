// Several n8n processes on one app (issue 22): each keeps its own budget, so together they
// exceed the platform's limit. The limiter adapts: a rate refusal (DingTalk 90018, WeCom
// 45009) lowers that API's rate to a fair share and climbs back later; WeCom's 45033 halves
// the pool. A second n8n process is the package loaded again (loadPackage({ fresh: true })):
// its own module state (limiters, token cache), as a queue-mode worker has.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { loadPackage, node, prepare, runWorkflow } from './harness/n8n.mjs';
import { weComCredentials } from './helpers.mjs';
import { dingTalkCredentials, rateLimited } from './helpers/dingtalk.mjs';

const require = createRequire(import.meta.url);
const { ADAPTIVE, LimiterRegistry, SlidingWindowLimiter } = require('../dist/lib/transport/rateLimiter.js');

const walkAll = { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' };

/** The same workflow in two n8n processes at once (two package instances), on one app. */
async function inTwoProcesses(nodes, credentials) {
	const loaders = [await loadPackage(), await loadPackage({ fresh: true })];
	return await Promise.all(loaders.map(async (loader) => await runWorkflow({ prepared: await prepare({ nodes, credentials, loader }) })));
}

test('two n8n processes walking one DingTalk app at once, each at the full budget: they settle under the app\'s limit (≤ 10% refused here, about 37% without adapting)', async () => {
	const org = generateOrg({ users: 800, departments: 60, seed: 22 });
	const emu = await startDingTalkEmulator({ org, qps: 40 });
	try {
		const runs = await inTwoProcesses([node('dingTalk', walkAll, { name: 'D' })], dingTalkCredentials(emu, { qps: 40 }));
		for (const r of runs) {
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(r.output('D').length, org.users.length);
		}
		const refused = rateLimited(emu).length;
		// Without adapting, each process keeps its 40/s and the app is blocked every time the two
		// together fill the window: about 37% of all calls are refused. Adapting, the first block
		// costs what was in flight when it came (the bench, in separate processes: ≤ 5%); the
		// margin here is for a loaded machine, where the emulator shares this process's event loop.
		assert.ok(refused <= 0.1 * emu.log.length, `${refused} of ${emu.log.length} calls refused`);
		assert.ok(refused >= 1, 'the processes did meet the shared limit (else this test shows nothing)');
	} finally {
		await emu.close();
	}
});

test('WeCom 45033 (too many calls in flight for the corp) halves the pool: few refusals, every member read', async () => {
	const org = generateOrg({ users: 1500, departments: 300, seed: 23 });
	const emu = await startWeComEmulator({ org, latencyMs: 15, concurrencyCap: 3 });
	try {
		const r = await runWorkflow({
			nodes: [node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'W' })],
			credentials: { weComApi: weComCredentials(emu, 'app', { maxConcurrency: 24 }) },
		});
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('W').length, org.users.length);
		const refused = emu.log.filter((e) => e.errcode === 45033).length;
		// A fixed pool of 24 against a cap of 3 is refused on most calls of every wave: about 145
		// answers 45033 for these 300 departments. Halving, the first waves are refused (24 → 12
		// → 6 → 3), then hardly any: about 25.
		assert.ok(refused <= 50, `${refused} answers 45033`);
	} finally {
		await emu.close();
	}
});

/** `n` starts right now on a limiter without spacing. */
async function starts(limiter, n) {
	for (let i = 0; i < n; i++) await limiter.take();
}

/** A refusal confirmed as a block: the call sent now is refused, then the probe the limiter lets out is refused too. */
async function block(limiter, refuse = (sentAt) => limiter.refused(sentAt, 0)) {
	refuse(Date.now() + 1);
	const probe = await limiter.take();
	return refuse(probe);
}

/** Run `fn` with the adaptive settings changed as given, then put them back. */
async function withAdaptive(settings, fn) {
	const saved = { ...ADAPTIVE };
	Object.assign(ADAPTIVE, settings);
	try {
		await fn();
	} finally {
		Object.assign(ADAPTIVE, saved);
	}
}

test('limiter: a confirmed refusal lowers the rate to a fair share of the budget, estimated from this process\'s part of the window', async () => {
	const two = new SlidingWindowLimiter(100, 60_000);
	await starts(two, 45);
	await block(two);
	// 45 of 100: two processes share the app, each gets 50 (not 45, which would leave the late
	// one behind); the budget's own margin stays, as the shares add up to the budget.
	assert.equal(two.rate, 50);
	const three = new SlidingWindowLimiter(100, 60_000);
	await starts(three, 31);
	await block(three);
	assert.equal(three.rate, 100 / 3);
	// Refusals of calls sent before the decrease belong to the same burst: no second decrease.
	three.refused(Date.now() - 1000, 0);
	assert.equal(three.rate, 100 / 3);
});

test('limiter: refused again during the hold (the platform allows less than the guess), it falls back to its own part of the window', async () => {
	const limiter = new SlidingWindowLimiter(60, 60_000);
	await starts(limiter, 25);
	await block(limiter);
	assert.equal(limiter.rate, 30);
	await new Promise((r) => setTimeout(r, 2));
	await block(limiter);
	// 0.95 × its own part of the window: the 25 starts and the probes (above half of 30).
	assert.ok(limiter.rate >= 0.95 * 26 && limiter.rate <= 0.95 * 27, String(limiter.rate));
});

test('limiter: a refusal lowers the busy APIs of the same app too, not an idle one nor another app', async () => {
	const registry = new LimiterRegistry();
	const refusedApi = registry.get('app|/a', 100, 60_000, 0, 'app');
	const busy = registry.get('app|/b', 100, 60_000, 0, 'app');
	const idle = registry.get('app|/c', 100, 60_000, 0, 'app');
	const otherApp = registry.get('other|/a', 100, 60_000, 0, 'other');
	await starts(refusedApi, 50);
	await starts(busy, 60);
	await starts(otherApp, 60);
	await block(refusedApi, (sentAt) => registry.refused(refusedApi, 'app', sentAt, 0));
	assert.equal(refusedApi.rate, 50);
	assert.equal(busy.rate, 50);
	assert.equal(idle.rate, 100);
	assert.equal(otherApp.rate, 100);
});

test('limiter: an API lowered by another API\'s refusal, then confirming its own refusal of the same burst, is lowered once', async () => {
	const registry = new LimiterRegistry();
	const a = registry.get('app|/a', 100, 60_000, 0, 'app');
	const b = registry.get('app|/b', 100, 60_000, 0, 'app');
	await starts(a, 45);
	await starts(b, 45);
	// Both APIs refused in one burst: /a's refusal arrives first, then /b's block is confirmed
	// and lowers /a with it.
	registry.refused(a, 'app', Date.now(), 0);
	await new Promise((r) => setTimeout(r, 5));
	await block(b, (sentAt) => registry.refused(b, 'app', sentAt, 0));
	assert.equal(a.rate, 50);
	// /a's own probe is refused too (the API was blocked): the burst already lowered it.
	const probe = await a.take();
	registry.refused(a, 'app', probe, 0);
	assert.equal(a.rate, 50, 'not taken for a second refusal during the hold');
	assert.equal(a.decreases, 1);
});

test('limiter: after the hold it climbs back additively, never above the configured budget', async () => {
	await withAdaptive({ holdMs: 0, increasePerSecond: 1 }, async () => {
		const limiter = new SlidingWindowLimiter(100, 60_000);
		await starts(limiter, 50);
		await block(limiter);
		assert.equal(limiter.rate, 50);
		await new Promise((r) => setTimeout(r, 100));
		await limiter.take();
		assert.ok(limiter.rate > 50 && limiter.rate < 100, `climbing: ${limiter.rate}`);
		await new Promise((r) => setTimeout(r, 700));
		await limiter.take();
		assert.equal(limiter.rate, 100);
	});
});

test('limiter: a climb refused goes back to the rate that held (the sharers are still there), and the next climb waits twice as long', async () => {
	const pause = (ms) => new Promise((r) => setTimeout(r, ms));
	await withAdaptive({ holdMs: 150, increasePerSecond: 0.1 }, async () => {
		const limiter = new SlidingWindowLimiter(100, 300);
		await starts(limiter, 50);
		await block(limiter);
		assert.equal(limiter.rate, 50);
		await pause(400);
		// Past the hold it climbs. Its part of the window is now small (about 10 of 100), which a
		// new estimate would read as ten processes sharing: only the rate that held says how many.
		await starts(limiter, 10);
		assert.ok(limiter.rate > 50, `climbing: ${limiter.rate}`);
		await block(limiter);
		assert.equal(limiter.rate, 50, 'back to the rate that held');
		await pause(200);
		await limiter.take();
		assert.equal(limiter.rate, 50, 'the doubled hold (300 ms) is not over');
		await pause(200);
		await limiter.take();
		assert.ok(limiter.rate > 50, `climbing again after the doubled hold: ${limiter.rate}`);
	});
});

test('limiter: at a share whose whole calls leave the provider room anyway (3 × 6 of 20), the provider\'s own window applies; at 2 × 10 the margin stays', async () => {
	const runAt = async (k) => {
		// DingTalk's shape: 20 per 1,050 ms spaced, the provider counting 20 per 1,000 ms.
		const limiter = new SlidingWindowLimiter(20, 1050, 52.5, 1000);
		await starts(limiter, k);
		await block(limiter);
		const after = [];
		for (let i = 0; i < 13; i++) after.push(await limiter.take());
		return { rate: limiter.rate, after };
	};
	const three = await runAt(7);
	assert.equal(three.rate, 20 / 3);
	// 6 a second, evenly: the 7th start a second after the 1st, never sooner.
	assert.ok(three.after[6] - three.after[0] >= 1000, `7 starts in ${three.after[6] - three.after[0]} ms`);
	assert.ok(three.after[12] - three.after[0] < 2070, `13 starts took ${three.after[12] - three.after[0]} ms: 6 per 1,050 ms, not per second`);
	const two = await runAt(10);
	assert.equal(two.rate, 10);
	// 10 per 1,050 ms: two processes at 10 a second would fill the provider's 20 with no margin.
	assert.ok(two.after[10] - two.after[0] >= 1050, `11 starts in ${two.after[10] - two.after[0]} ms`);
});

test('limiter: a one-off refusal (the probe after it is answered) pauses briefly and leaves the rate alone', async () => {
	const limiter = new SlidingWindowLimiter(100, 60_000);
	await starts(limiter, 50);
	limiter.refused(Date.now() + 1, 1000);
	const probe = await limiter.take();
	limiter.answered(probe);
	assert.equal(limiter.rate, 100);
	assert.equal(limiter.decreases, 0);
	// Not paused for the rest of the block: the next call starts at once.
	assert.equal(limiter.blockedSince(probe), false);
	// A later refusal starts a new probe, and a refused probe then lowers the rate.
	await block(limiter);
	assert.equal(limiter.decreases, 1);
});

test('limiter: without refusals the rate stays the configured budget (one process alone is unchanged)', async () => {
	const limiter = new SlidingWindowLimiter(20, 1000, 50);
	await starts(limiter, 5);
	assert.equal(limiter.rate, 20);
	assert.equal(limiter.decreases, 0);
});
