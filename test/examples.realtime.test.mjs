// The real-time example workflows run as shipped: a signed, encrypted callback delivered to
// the trigger's webhook fetches the member, maps it and upserts it into Casdoor (the sandbox).
// The real-n8n e2e (scripts/e2e.mjs) delivers the same callbacks to an activated workflow.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { exampleCredentials, realtimeChecks, startExampleSandbox } from '../scripts/examples.mjs';
import { loadPackage, PKG_ROOT } from './harness/n8n.mjs';
import { startWebhookServer } from './harness/webhook.mjs';

const STICKY = 'n8n-nodes-base.stickyNote';
const load = (name) => JSON.parse(readFileSync(join(PKG_ROOT, 'examples', name), 'utf8'));
const runnable = (wf) => structuredClone(wf.nodes.filter((n) => n.type !== STICKY));

let sandbox;
before(async () => {
	sandbox = await startExampleSandbox({ latencyMs: 0 });
});
after(async () => {
	await sandbox.close();
});

for (const [file, check] of Object.entries(realtimeChecks)) {
	test(`${file}: node types exist, connections are sound, the trigger has a stable webhook ID`, async () => {
		const wf = load(file);
		const loader = await loadPackage();
		const known = new Set(Object.keys(loader.known.nodes).map((n) => `${loader.packageName}.${n}`));
		for (const n of runnable(wf)) if (n.type.startsWith(loader.packageName)) assert.ok(known.has(n.type), `${n.name}: ${n.type} is in the package`);
		assert.ok(wf.nodes.find((n) => n.name === check.trigger).webhookId);
		assert.ok(wf.connections[check.trigger], 'the trigger is connected');
	});

	test(`${file}: a signed, encrypted callback runs the shipped workflow down to the Casdoor upsert`, async () => {
		const wf = load(file);
		const byType = {};
		for (const c of exampleCredentials(sandbox)) if (!(c.type in byType) || c.id === 'wecomSandboxApp') byType[c.type] = c.data;
		const hook = await startWebhookServer({ nodes: runnable(wf), connections: wf.connections, trigger: check.trigger, credentials: byType });
		try {
			check.before(sandbox);
			const delivery = check.delivery(sandbox);
			const res = await hook.request({ query: delivery.query, body: delivery.body, headers: { 'content-type': delivery.contentType } });
			assert.equal(res.status, 200, res.text);
			check.checkResponse(res.text);
			assert.equal(res.run.status, 'success', res.run.error?.message);
			check.checkSandbox(sandbox);
		} finally {
			await hook.close();
		}
	});
}
