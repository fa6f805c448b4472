// The bench chart (bench/chart.mjs): fetch, sync and Directory Changes poll time against
// directory size, a panel each, from the rows bench/run.mjs records.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { renderChart } from '../../bench/chart.mjs';

const report = (results) => ({ date: '2026-12-06T00:00:00Z', machine: { cpus: 2, memoryGb: 24, node: 'v20' }, settings: { scale: 0.2, wecomScale: 1 }, results });
const fetchRow = (provider, users, ms, extra = {}) => ({ provider, case: `${users / 1000}k`, users, ms, floorMs: ms / 2, ...extra });
const fetchRows = [
	fetchRow('wecom', 1000, 320, { n8nHelperMs: 250, baselineMs: 1300 }),
	fetchRow('wecom', 10_000, 2000, { n8nHelperMs: 1600, baselineMs: 11_400 }),
	fetchRow('wecom', 50_000, 8000, { n8nHelperMs: 5700, baselineMs: 46_000 }),
	fetchRow('dingtalk', 1000, 620, { baselineMs: 16_400 }),
	fetchRow('dingtalk', 10_000, 5800, { baselineMs: 169_000 }),
];
const syncRow = (users, ms) => ({ provider: 'casdoor-sync', case: `${users / 1000}k`, users, changed: users / 100, ms });
const changesRow = (users, plainReadMs, unchangedPollMs) => ({ provider: 'wecom', case: `directory-changes-${users / 1000}k`, users, plainReadMs, unchangedPollMs, pollToReadRatio: +(unchangedPollMs / plainReadMs).toFixed(2) });

/** Every drawn series as "panel / name" → its number of points. */
function seriesOf(svg) {
	const found = {};
	for (const [, panel, name, pts] of svg.matchAll(/<polyline data-panel="([^"]+)" data-series="([^"]+)"[^>]* points="([^"]*)"/g)) {
		found[`${panel} / ${name}`] = pts.split(' ').length;
	}
	return found;
}

test('three panels against directory size: fetch, sync and Directory Changes poll, each series with a point per size', () => {
	const svg = renderChart(
		report([
			...fetchRows,
			syncRow(1000, 900),
			syncRow(10_000, 3500),
			changesRow(1000, 330, 340),
			changesRow(10_000, 2100, 2150),
			changesRow(50_000, 5260, 5470),
			{ provider: 'memory', case: '100k', users: 100_000, ms: 12_000, growthPerUserKb: 2.8 },
		]),
	);
	assert.deepEqual(seriesOf(svg), {
		'fetch / wecom ours': 3,
		'fetch / wecom floor': 3,
		'fetch / wecom n8n helper alone': 3,
		'fetch / wecom Casdoor strategy': 3,
		'fetch / dingtalk ours': 2,
		'fetch / dingtalk floor': 2,
		'fetch / dingtalk Casdoor strategy': 2,
		'sync / fetch → map → sync': 2,
		'changes / unchanged poll': 3,
		'changes / plain read (Get All)': 3,
	});
	for (const id of ['fetch', 'sync', 'changes']) assert.match(svg, new RegExp(`<g id="panel-${id}">`));
	// Each panel's legend names its own series.
	assert.match(svg, /<text [^>]*>unchanged poll<\/text>/);
	assert.match(svg, /<text [^>]*>fetch → map → sync<\/text>/);
	assert.ok(!/NaN|undefined|Infinity/.test(svg), 'every coordinate is a number');
	assert.doesNotMatch(svg, /100k users/, 'the memory row is not drawn');
	assert.match(svg, /2 cores, 24 GiB, Node v20; 2026-12-06/);
});

test('a report with fetch rows only (older runs) renders the fetch panel alone', () => {
	const svg = renderChart(report(fetchRows));
	assert.match(svg, /<g id="panel-fetch">/);
	assert.doesNotMatch(svg, /panel-sync|panel-changes/);
	assert.equal(Object.keys(seriesOf(svg)).length, 7);
	assert.ok(!/NaN|undefined|Infinity/.test(svg), 'every coordinate is a number');
	assert.match(svg, /2 cores, 24 GiB, Node v20; 2026-12-06/);
});
