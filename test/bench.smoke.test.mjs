// A small smoke of `npm run bench` (1k users, time scale 0.1) so the benchmark keeps working;
// the numbers themselves come from the full bench, never from tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

process.env.BENCH_SCALE = '0.1';
const { dingTalkCase, syncCase, weComCase } = await import('../bench/run.mjs');
const { hostEmulator } = await import('../bench/host.mjs');
const { memberSyncCase } = await import('../bench/memberSync.mjs');
const { renderChart } = await import('../bench/chart.mjs');

test('bench smoke: WeCom and DingTalk fetch against floor and baseline, sync call budget', async () => {
	const size = { users: 1000, departments: 50 };
	const wecom = await weComCase('smoke', size, { baseline: true });
	assert.equal(wecom.fetched, 1000);
	assert.ok(wecom.floorMs > 0 && wecom.baselineMs > 0);
	assert.equal(wecom.calls['/cgi-bin/user/list'], 50);
	assert.ok(wecom.n8nHelperMs > 0 && wecom.vsN8nHelper > 0, 'the n8n request-helper floor is measured');
	assert.equal(wecom.rateLimitErrorsSurfaced, 0);
	const dingtalk = await dingTalkCase('smoke', size, { baseline: false });
	assert.equal(dingtalk.fetched, 1000);
	assert.equal(dingtalk.rateLimitErrorsSurfaced, 0);
	assert.ok(!('/topapi/v2/user/get' in dingtalk.calls), 'no per-user call');
	const sync = await syncCase('smoke', { users: 500, departments: 20 });
	assert.equal(sync.changed, 5);
	assert.equal(sync.updated, 5);
	assert.ok(sync.withinBudget, JSON.stringify(sync));
});

test('bench smoke: HR rows → WeCom Sync Members, 1% changed: one directory read and one write per change', async () => {
	const r = await memberSyncCase('smoke', { users: 500, departments: 20 });
	assert.equal(r.changed, 5);
	assert.equal(r.updated, 5);
	assert.deepEqual([r.departmentLists, r.memberLists, r.writes, r.otherCalls, r.secondRunWrites], [1, 20, 5, 0, 0]);
	assert.ok(r.withinBudget, JSON.stringify(r));
});

test('bench stats count DingTalk rate-limit answers (errcode 88, sub_code 90018)', async () => {
	const emu = await hostEmulator('dingtalk', { org: { users: 20, departments: 2, seed: 1 }, options: { qps: 1 } });
	try {
		const { access_token: token } = await (await fetch(`${emu.url}/gettoken?appkey=${emu.appKey}&appsecret=${emu.appSecret}`)).json();
		const answers = [];
		for (let i = 0; i < 3; i++) {
			const res = await fetch(`${emu.url}/topapi/v2/department/listsub?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dept_id":1}' });
			answers.push(await res.json());
		}
		assert.ok(answers.some((a) => String(a.sub_code) === '90018'), JSON.stringify(answers));
		const stats = await emu.stats();
		const limited = Object.entries(stats.errcodes).filter(([c]) => /90018/.test(c)).reduce((a, [, n]) => a + n, 0);
		assert.equal(limited, answers.filter((a) => String(a.sub_code) === '90018').length);
	} finally {
		await emu.close();
	}
});

test('bench chart: no NaN coordinates from the sync and memory rows, and the memory row is not drawn', () => {
	const row = (provider, users, ms, extra = {}) => ({ provider, case: 'x', users, ms, floorMs: ms / 2, ...extra });
	const svg = renderChart({
		date: '2026-11-22T00:00:00Z',
		machine: { cpus: 2, memoryGb: 24, node: 'v20' },
		settings: { scale: 0.2, wecomScale: 1 },
		results: [
			row('wecom', 1000, 300, { n8nHelperMs: 200, baselineMs: 1200 }),
			row('wecom', 10000, 2000, { n8nHelperMs: 1500, baselineMs: 11000 }),
			row('dingtalk', 1000, 600, { baselineMs: 17000 }),
			{ provider: 'casdoor-sync', case: '10k', users: 10000, ms: 3000 },
			{ provider: 'memory', case: '100k', users: 100000, ms: 13000, peakRssMb: 500 },
		],
	});
	assert.ok(!/NaN|undefined/.test(svg), 'every coordinate is a number');
	assert.match(svg, /wecom n8n helper alone/);
	assert.doesNotMatch(svg, /memory|casdoor-sync/);
});

test('bench smoke: the shared-app case runs two n8n processes against one DingTalk emulator and reports the shared floor', async () => {
	const { sharedCase } = await import('../bench/shared.mjs');
	const r = await sharedCase('smoke', { users: 300, departments: 20 }, { processes: 2, scale: 0.1, latencyMs: 20, jitterMs: 5, qps: 20 });
	assert.deepEqual(r.fetchedPerProcess, [300, 300]);
	assert.equal(r.rateLimitErrorsSurfaced, 0);
	assert.ok(r.floorMs > 0 && r.vsFloor > 0 && r.calls > 0, JSON.stringify(r));
	assert.equal(r.perProcessMs.length, 2);
});
