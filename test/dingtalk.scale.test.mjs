// DingTalk node at scale: a 10,000-user directory walked through n8n's engine against the
// emulator, which enforces the QPS budget the credential declares.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { calls, dingTalk, dingTalkCredentials, rateLimited } from './helpers/dingtalk.mjs';

test('10,000 users: the whole directory within the QPS budget, no rate-limit error, each user once, no per-user get', async () => {
	const org = generateOrg({ users: 10_000, departments: 120, seed: 12 });
	const emu = await startDingTalkEmulator({ org, qps: 200 });
	try {
		const r = await runWorkflow({ nodes: [dingTalk({ resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' })], credentials: dingTalkCredentials(emu) });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.equal(out.length, 10_000);
		assert.equal(new Set(out.map((u) => u.userid)).size, 10_000);
		assert.equal(rateLimited(emu).length, 0);
		assert.equal(calls(emu, 'v2/user/get').length, 0);
		assert.ok(calls(emu, 'v2/user/list').length > 150, 'many departments need several pages');
	} finally {
		await emu.close();
	}
});
