// The secret canary itself (runWorkflowChecked in test/harness/n8n.mjs): it must catch a canary
// in any node output, in anything logged during the run, and pass clean runs. Other tests opt in
// by running their workflows with runWorkflowChecked(options, { canaries }). Registered by
// fuzz.test.mjs, whose runs are all canary-checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startWeComEmulator } from '../emulators/wecom.mjs';
import { canaryStats, node, runWorkflowChecked } from '../harness/n8n.mjs';

// One canary per test: the tests run concurrently with other canary-checked runs.
const CANARY = 'canary-meta-7f3a9c1e5b';
const LOGGED = 'canary-logged-2d84b6a0c3';
const CLEAN = 'canary-clean-93e5f1a7d2';

/** The canary meta-tests. */
export function canaryTests() {
	test('a canary in a node output fails the check, naming where it was found', async () => {
		await assert.rejects(
			runWorkflowChecked(
				{
					nodes: [node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' })],
					input: [{ json: { userid: 'u1', name: `Leaky ${CANARY}` } }],
				},
				{ canaries: [CANARY] },
			),
			(error) => error instanceof assert.AssertionError && /secret canary cana… leaked/.test(error.message) && /displayName/.test(error.message),
		);
	});

	test('console output and n8n log lines written during the run are scanned', async () => {
		const emu = await startWeComEmulator();
		try {
			const run = runWorkflowChecked(
				{
					nodes: [node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })],
					credentials: { weComApi: { corpId: emu.corpId, secret: emu.secrets.app, baseUrl: emu.url } },
				},
				{ canaries: () => [LOGGED] },
			);
			// Something in the process logs while the workflow waits for the emulator.
			setImmediate(() => console.warn(`token refreshed: ${LOGGED}`));
			await assert.rejects(run, /leaked into the run's output, errors or logs: .*token refreshed: «canary»/);
		} finally {
			await emu.close();
		}
	});

	test('clean runs pass, and the access tokens the emulator issued are canaries too', async () => {
		const emu = await startWeComEmulator({ appSecret: CLEAN });
		try {
			const before = canaryStats.runs;
			const r = await runWorkflowChecked(
				{
					nodes: [node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' })],
					credentials: { weComApi: { corpId: emu.corpId, secret: emu.secrets.app, baseUrl: emu.url } },
				},
				{ canaries: () => [emu.secrets.app, ...emu.issuedTokens()] },
			);
			assert.equal(r.status, 'success');
			assert.ok(canaryStats.runs >= before + 1, 'the run was counted');
			assert.ok(emu.issuedTokens().length >= 1);
			// The transport's counts reached the captured debug log (the chaos report reads them).
			assert.ok(r.logs.some((l) => l.message === 'Directory API calls of this run' && /"provider":"WeCom"/.test(l.meta)));
		} finally {
			await emu.close();
		}
	});

}
