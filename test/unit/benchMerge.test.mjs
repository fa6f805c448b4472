// `npm run bench -- --only <case>` keeps the other cases of the last full run (bench/merge.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mergeResults } from '../../bench/merge.mjs';

const full = {
	date: '2026-12-06T01:00:00.000Z',
	settings: { scale: 0.2 },
	results: [
		{ provider: 'wecom', case: '10k', ms: 1400 },
		{ provider: 'wecom', case: 'directory-changes-50k', pollRuns: [4981, 43336, 5265] },
		{ provider: 'memory', case: '100k', growthPerUserKb: 2.4 },
	],
};

test('a partial rerun replaces its own rows, keeps the others in place, and says what was rerun', () => {
	const rerun = { date: '2026-12-06T02:00:00.000Z', settings: { scale: 0.2 }, results: [{ provider: 'wecom', case: 'directory-changes-50k', pollRuns: [4990, 5010, 5020] }, { provider: 'wecom', case: 'directory-changes-1k', pollRuns: [1] }] };
	const merged = mergeResults(full, rerun);
	assert.deepEqual(merged.results.map((r) => r.case), ['10k', 'directory-changes-50k', '100k', 'directory-changes-1k']);
	assert.deepEqual(merged.results[1].pollRuns, [4990, 5010, 5020]);
	assert.equal(merged.results[0], full.results[0]);
	assert.equal(merged.date, full.date);
	assert.equal(merged.rerunDate, rerun.date);
	assert.deepEqual(merged.rerun, ['wecom|directory-changes-50k', 'wecom|directory-changes-1k']);
});

test('a second rerun keeps the first rerun\'s rows and the date each row was last measured', () => {
	const first = mergeResults(full, { date: 'T1', results: [{ provider: 'wecom', case: '10k', ms: 1 }] });
	const second = mergeResults(first, { date: 'T2', results: [{ provider: 'memory', case: '100k', kb: 2 }] });
	assert.deepEqual(second.rerun, ['wecom|10k', 'memory|100k']);
	assert.deepEqual(second.rerunDates, { 'wecom|10k': 'T1', 'memory|100k': 'T2' });
	assert.equal(second.rerunDate, 'T2');
	assert.equal(second.results.find((r) => r.case === '10k').ms, 1);
});

test('with no earlier results the rerun is the whole report', () => {
	const rerun = { date: 'd', results: [{ provider: 'memory', case: '100k' }] };
	assert.equal(mergeResults(undefined, rerun), rerun);
});
