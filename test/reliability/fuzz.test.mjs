// Generated bad input for every write operation of every node (see fuzz.mjs): one error item
// naming the field per invalid item, no call for it, its valid neighbours written, no crash,
// and no canary secret or token in anything the runs expose. The canary's own tests
// (canary.mjs) run in the same suite.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { canaryTests } from './canary.mjs';
import { FUZZ_SUITES, countCases, runProvider } from './fuzz.mjs';

describe('bad input fuzz: every write operation of every node; the secret canary itself', { concurrency: true }, () => {
	canaryTests();

	test('the corpus covers every write operation with at least 250 invalid inputs', () => {
		assert.ok(countCases() >= 250, `${countCases()} cases`);
		const labels = Object.values(FUZZ_SUITES).flat().map((s) => s.label);
		for (const op of ['WeCom member create', 'WeCom member update', 'WeCom member delete', 'WeCom department create', 'WeCom department update', 'WeCom department delete', 'WeCom message send',
			'DingTalk user create', 'DingTalk user update', 'DingTalk user delete', 'DingTalk department create', 'DingTalk department update', 'DingTalk department delete',
			'Casdoor user create (fields)', 'Casdoor user create (from item)', 'Casdoor user update (from item)', 'Casdoor user upsert (from item)', 'Casdoor user delete', 'Casdoor user forbid',
			'Casdoor group create or update', 'Casdoor Sync Users (apply)']) {
			assert.ok(labels.includes(op), op);
		}
	});

	for (const provider of Object.keys(FUZZ_SUITES)) {
		test(`${provider}: every invalid item is one error naming its field, with no call; every valid neighbour succeeds`, async () => {
			const results = await runProvider(provider);
			const problems = results.flatMap((r) => r.problems);
			assert.deepEqual(problems, []);
			assert.equal(results.reduce((n, r) => n + r.cases, 0), FUZZ_SUITES[provider].reduce((n, s) => n + s.cases.length, 0));
		});
	}
});
