// Every example workflow in examples/ runs through n8n's engine against the sandbox and
// must produce what scripts/examples.mjs says (the same checks the real-n8n e2e applies).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { exampleChecks, exampleCredentials, runSteps, startExampleSandbox } from '../scripts/examples.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets } from './helpers.mjs';

const dir = new URL('../examples/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

let sandbox;
before(async () => {
	sandbox = await startExampleSandbox({ latencyMs: 0 });
});
after(async () => {
	await sandbox.close();
});

test('every example is importable n8n workflow JSON using this package, ships in Dry Run, with a sticky note', () => {
	assert.ok(files.length >= 9);
	for (const file of files) {
		const wf = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
		assert.ok(wf.name && Array.isArray(wf.nodes) && wf.connections, file);
		assert.ok(wf.nodes.some((n) => n.type.startsWith('n8n-nodes-wecom-dingtalk.')), file);
		assert.equal(new Set(wf.nodes.map((n) => n.name)).size, wf.nodes.length, `${file}: node names are unique (n8n keys nodes by name)`);
		assert.ok(wf.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote'), `${file}: a sticky note says what to change`);
		// Dry Run first: a sync in Apply only after a Dry Run of the same plan in the workflow.
		if (wf.nodes.some((n) => n.parameters?.mode === 'apply')) assert.ok(wf.nodes.some((n) => n.parameters?.mode === 'dryRun'), `${file}: syncs ship in Dry Run`);
		assert.ok(!JSON.stringify(wf).includes('acme'), `${file}: no hard-coded organisation`);
		// The harness's stand-ins for n8n's base nodes do not check versions; real n8n does
		// (Set 1 has no JSON mode, for one): the versions the stand-ins mimic.
		const versions = { 'n8n-nodes-base.set': 3.4, 'n8n-nodes-base.scheduleTrigger': 1.2, 'n8n-nodes-base.filter': 2 };
		for (const n of wf.nodes) if (versions[n.type]) assert.equal(n.typeVersion, versions[n.type], `${file}: ${n.name} is ${n.type} v${versions[n.type]}`);
		for (const [from, outs] of Object.entries(wf.connections)) {
			assert.ok(wf.nodes.some((n) => n.name === from), `${file}: ${from}`);
			for (const out of outs.main) for (const c of out) assert.ok(wf.nodes.some((n) => n.name === c.node), `${file}: ${c.node}`);
		}
	}
});

for (const file of files.filter((f) => exampleChecks[f])) {
	test(`example ${file} runs through the engine as shipped, then as its sticky note says`, async () => {
		const wf = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
		const credentials = Object.fromEntries(exampleCredentials(sandbox).map((c) => [c.id, c.data]));
		const check = exampleChecks[file];
		await check.before?.(sandbox);
		for (const { edit, check: assertRun } of runSteps(check)) {
			edit?.(wf);
			const nodes = wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			const result = await runWorkflow({ nodes, connections: wf.connections, credentials });
			assert.equal(result.status, 'success', result.error?.message);
			assertRun(result.runData, sandbox);
			assertNoSecrets(result, [
				sandbox.wecom.secrets.app,
				sandbox.wecom.secrets.contacts,
				sandbox.dingtalk.appSecret,
				sandbox.casdoor.clientSecret,
				...sandbox.wecom.issuedTokens(),
				...sandbox.dingtalk.issuedTokens(),
			]);
		}
	});
}
