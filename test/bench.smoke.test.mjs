// A small smoke of `npm run bench` (1k users, time scale 0.1) so the benchmark keeps working;
// the numbers themselves come from the full bench, never from tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

process.env.BENCH_SCALE = '0.1';
const { dingTalkCase, syncCase, weComCase } = await import('../bench/run.mjs');

test('bench smoke: WeCom and DingTalk fetch against floor and baseline, sync call budget', async () => {
	const size = { users: 1000, departments: 50 };
	const wecom = await weComCase('smoke', size, { baseline: true });
	assert.equal(wecom.fetched, 1000);
	assert.ok(wecom.floorMs > 0 && wecom.baselineMs > 0);
	assert.equal(wecom.calls['/cgi-bin/user/list'], 50);
	const dingtalk = await dingTalkCase('smoke', size, { baseline: false });
	assert.equal(dingtalk.fetched, 1000);
	assert.equal(dingtalk.rateLimitErrorsSurfaced, 0);
	assert.ok(!('/topapi/v2/user/get' in dingtalk.calls), 'no per-user call');
	const sync = await syncCase('smoke', { users: 500, departments: 20 });
	assert.equal(sync.changed, 5);
	assert.equal(sync.updated, 5);
	assert.ok(sync.withinBudget, JSON.stringify(sync));
});
