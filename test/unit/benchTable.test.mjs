// The bench's one table (bench/table.mjs): a row per case with the columns the README reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { resultsTable } from '../../bench/table.mjs';

test('one row per case: ours, floor, helper floor, ratio, Casdoor strategy, memory per user', () => {
	const table = resultsTable([
		{ provider: 'wecom', case: '10k', ms: 2380, floorMs: 1560, n8nHelperMs: 2320, vsFloor: 1.52, vsN8nHelper: 1.02, baselineMs: 11430, rssPerUserKb: 1.24 },
		{ provider: 'dingtalk', case: '10k', ms: 27740, floorMs: 25060, vsFloor: 1.11, transport: 'https, 30 ± 10 ms' },
		{ provider: 'memory', case: '100k', ms: 18000, growthPerUserKb: 2.79 },
		{ provider: 'wecom', case: 'directory-changes-50k', unchangedPollMs: 5470, plainReadMs: 5260, pollToReadRatio: 1.04, snapshotBytesPerMember: 28.3 },
	]).split('\n');
	assert.equal(table.length, 6);
	assert.match(table[0], /^\| Case \| Ours \| Floor \| n8n helper floor \| Ratio \| Casdoor strategy \| Memory per user \|$/);
	assert.equal(table[2], '| wecom 10k | 2.38 s | 1.56 s | 2.32 s | 1.52 × floor, 1.02 × helper | 11.43 s (4.8 × slower) | 1.24 KB |');
	assert.match(table[3], /dingtalk 10k \(https, 30 ± 10 ms\) \| 27.74 s \| 25.06 s \| — \| 1.11 × floor/);
	assert.match(table[4], /memory 100k .*\| 2.79 KB \|$/);
	assert.match(table[5], /5.47 s \| read 5.26 s \| — \| 1.04 × read .*28.3 B snapshot/);
});

test('a WeCom row with the helper keeping its items shows that ratio beside the helper\'s', () => {
	const [, , line] = resultsTable([{ provider: 'wecom', case: '50k', ms: 5100, floorMs: 4040, n8nHelperMs: 4600, vsFloor: 1.26, vsN8nHelper: 1.11, vsN8nHelperKeeping: 1.06 }]).split('\n');
	assert.match(line, /\| 1.26 × floor, 1.11 × helper \(1.06 × the helper keeping its items\) \|/);
});
