// The example workflows in examples/ import into n8n as they are: every node type they use
// exists in the built package (sticky notes aside), their connections are sound, and an
// event delivered to the trigger runs the workflow as shipped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { loadPackage, PKG_ROOT } from './harness/n8n.mjs';
import { startWebhookServer } from './harness/webhook.mjs';
import { weComCredentials } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wecom = require('@wecom/crypto');

const STICKY = 'n8n-nodes-base.stickyNote';
const load = (name) => JSON.parse(readFileSync(join(PKG_ROOT, 'examples', name), 'utf8'));

/** The workflow's runnable nodes (sticky notes are canvas decoration) as fresh copies. */
const runnable = (wf) => structuredClone(wf.nodes.filter((n) => n.type !== STICKY));

for (const file of ['wecom-realtime-sync.json', 'dingtalk-realtime-sync.json']) {
	test(`${file}: node types exist, connections are sound, the IAM step is a marked placeholder`, async () => {
		const wf = load(file);
		const loader = await loadPackage();
		const known = new Set(Object.keys(loader.known.nodes).map((n) => `${loader.packageName}.${n}`));
		const names = new Set(wf.nodes.map((n) => n.name));
		assert.equal(names.size, wf.nodes.length, 'node names are unique');
		for (const n of runnable(wf)) assert.ok(known.has(n.type), `${n.name}: ${n.type} is in the package`);
		for (const [from, byType] of Object.entries(wf.connections)) {
			assert.ok(names.has(from), from);
			for (const output of byType.main) for (const c of output) assert.ok(names.has(c.node), c.node);
		}
		const trigger = wf.nodes.find((n) => n.type.endsWith('Trigger'));
		assert.ok(trigger.webhookId, 'the trigger has a webhook ID, so its URL is stable');
		assert.ok(wf.nodes.some((n) => n.type === STICKY && /Map to IAM User/.test(n.parameters.content) && /Casdoor/.test(n.parameters.content)));
	});
}

test('wecom-realtime-sync.json: a create_user event fetches the member through the shipped workflow', async () => {
	const org = generateOrg({ users: 5, departments: 2, seed: 11 });
	const emu = await startWeComEmulator({ org });
	const wf = load('wecom-realtime-sync.json');
	const token = 'exampleToken1';
	const aes = 'ExampleKey0123456789abcdefghijklmnopqrstuvw';
	const hook = await startWebhookServer({
		nodes: runnable(wf),
		connections: wf.connections,
		trigger: 'WeCom Trigger',
		credentials: { weComCallbackApi: { token, encodingAesSecretKey: aes, corpId: emu.corpId }, weComApi: weComCredentials(emu) },
	});
	try {
		const user = org.users[0];
		const ts = String(Math.floor(Date.now() / 1000));
		const inner = `<xml><ToUserName><![CDATA[${emu.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[create_user]]></ChangeType><UserID><![CDATA[${user.userid}]]></UserID><Department><![CDATA[1]]></Department></xml>`;
		const encrypt = wecom.encrypt(aes, inner, emu.corpId);
		const res = await hook.request({
			query: { msg_signature: wecom.getSignature(token, ts, 'n1', encrypt), timestamp: ts, nonce: 'n1' },
			body: `<xml><ToUserName><![CDATA[${emu.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
			headers: { 'content-type': 'text/xml' },
		});
		assert.equal(res.status, 200);
		assert.equal(res.run.status, 'success');
		assert.equal(res.run.output('WeCom: Get Member')[0].userid, user.userid);
	} finally {
		await hook.close();
		await emu.close();
	}
});

test('dingtalk-realtime-sync.json: a user_add_org event becomes one item per user', async () => {
	const wf = load('dingtalk-realtime-sync.json');
	const token = 'exampleToken2';
	const aes = 'ExampleKey0123456789abcdefghijklmnopqrstuvw';
	const appKey = 'dingexampleapp';
	const hook = await startWebhookServer({
		nodes: runnable(wf),
		connections: wf.connections,
		trigger: 'DingTalk Trigger',
		credentials: { dingTalkCallbackApi: { token, aesSecretKey: aes, appKey } },
	});
	try {
		// DingTalk's framing is WeCom's (dingtalk-api.md §6), so WeCom's package can seal it.
		const event = JSON.stringify({ EventType: 'user_add_org', TimeStamp: String(Date.now()), UserId: ['a1', 'b2'], CorpId: 'dingcorp' });
		const encrypt = wecom.encrypt(aes, event, appKey);
		const ts = String(Date.now());
		const res = await hook.request({
			query: { signature: wecom.getSignature(token, ts, 'n2', encrypt), timestamp: ts, nonce: 'n2' },
			body: JSON.stringify({ encrypt }),
			headers: { 'content-type': 'application/json' },
		});
		assert.equal(res.status, 200);
		assert.equal(wecom.decrypt(aes, JSON.parse(res.text).encrypt).message, 'success');
		assert.deepEqual(res.run.output('DingTalk Trigger').map((i) => i.userId), ['a1', 'b2']);
	} finally {
		await hook.close();
	}
});
