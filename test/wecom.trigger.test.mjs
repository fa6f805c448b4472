// WeCom Trigger through n8n's webhook path (test/harness/webhook.mjs): real HTTP requests,
// built and encrypted with WeCom's official @wecom/crypto, delivered to the built package's
// webhook() in n8n-core's WebhookContext; accepted events run the workflow through
// WorkflowExecute (here: WeCom Trigger → WeCom Get Member against the WeCom emulator).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node } from './harness/n8n.mjs';
import { startWebhookServer, testCredentialWithNode } from './harness/webhook.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wecom = require('@wecom/crypto');

const TOKEN = 'QDG6eK4mZ9pLw2Rv';
const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const org = generateOrg({ users: 20, departments: 4, seed: 3 });

const nowSeconds = () => Math.floor(Date.now() / 1000);
let nonceCounter = 0;
const nonce = () => `n${Date.now()}${++nonceCounter}`;

/** An event as WeCom sends it inside the encryption: flat XML, strings in CDATA, numbers bare. */
function eventXml(fields) {
	const body = Object.entries(fields)
		.map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
		.join('');
	return `<xml>${body}</xml>`;
}

function contactEvent(corpId, changeType, fields = {}, createTime = nowSeconds()) {
	return eventXml({ ToUserName: corpId, FromUserName: 'sys', CreateTime: createTime, MsgType: 'event', Event: 'change_contact', ChangeType: changeType, ...fields });
}

/** A signed POST: the envelope WeCom sends, with query parameters; every part overridable. */
function signedPost(corpId, inner, { token = TOKEN, aes = AES, receiveId = corpId, timestamp = String(nowSeconds()), encrypt, signature } = {}) {
	const n = nonce();
	const enc = encrypt ?? wecom.encrypt(aes, inner, receiveId);
	return {
		method: 'POST',
		query: { msg_signature: signature ?? wecom.getSignature(token, timestamp, n, enc), timestamp, nonce: n },
		body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
		headers: { 'content-type': 'text/xml' },
	};
}

function assertNoRun(res, status) {
	assert.equal(res.status, status, res.text);
	assert.equal(res.run, undefined, 'no run started');
	assert.equal(res.webhookResult?.workflowData, undefined, 'no workflowData');
}

describe('WeCom Trigger', () => {
	let emu;
	let hook;
	let corpId;
	const callbackCredential = () => ({ token: TOKEN, encodingAesSecretKey: AES, corpId });

	async function startHook({ triggerParameters = {}, freshProcess, staticData, credential } = {}) {
		return await startWebhookServer({
			trigger: 'WeCom Trigger',
			freshProcess,
			staticData,
			nodes: [
				node('weComTrigger', triggerParameters, { name: 'WeCom Trigger' }),
				node('weCom', { resource: 'member', operation: 'get', userId: '={{ $json.newUserId || $json.userId }}', output: 'simplified' }, { name: 'Get Member' }),
			],
			credentials: { weComCallbackApi: credential ?? callbackCredential(), weComApi: weComCredentials(emu) },
		});
	}

	before(async () => {
		emu = await startWeComEmulator({ org });
		corpId = emu.corpId;
		hook = await startHook();
	});
	after(async () => {
		await hook.close();
		await emu.close();
	});

	test('URL check (GET): answers the decrypted echostr exactly, and starts no run', async () => {
		const echostr = wecom.encrypt(AES, '4283659012837465', corpId);
		const timestamp = String(nowSeconds());
		const n = nonce();
		const res = await hook.request({
			method: 'GET',
			query: { msg_signature: wecom.getSignature(TOKEN, timestamp, n, echostr), timestamp, nonce: n, echostr },
		});
		assert.equal(res.status, 200);
		assert.equal(res.text, '4283659012837465', 'no quotes, no newline, no JSON');
		assert.match(res.headers['content-type'], /^text\/plain/);
		assert.equal(res.run, undefined);
		assert.equal(res.webhookResult.workflowData, undefined);
	});

	test('URL check: a "+" left unencoded in echostr (read as a space) still verifies', async () => {
		let echostr;
		do echostr = wecom.encrypt(AES, 'plus-check', corpId);
		while (!echostr.includes('+'));
		const timestamp = String(nowSeconds());
		const n = nonce();
		const signature = wecom.getSignature(TOKEN, timestamp, n, echostr);
		const res = await hook.request({ method: 'GET', query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${n}&echostr=${echostr}` });
		assert.equal(res.status, 200);
		assert.equal(res.text, 'plus-check');
	});

	test('URL check refuses a wrong signature, another corp and a stale timestamp (403)', async () => {
		const timestamp = String(nowSeconds());
		const n = nonce();
		const echostr = wecom.encrypt(AES, 'x', corpId);
		const forged = await hook.request({ method: 'GET', query: { msg_signature: wecom.getSignature('otherToken', timestamp, n, echostr), timestamp, nonce: n, echostr } });
		assertNoRun(forged, 403);
		assert.notEqual(forged.text, 'x');
		const otherCorp = wecom.encrypt(AES, 'x', 'ww-someone-else');
		const wrongCorp = await hook.request({ method: 'GET', query: { msg_signature: wecom.getSignature(TOKEN, timestamp, n, otherCorp), timestamp, nonce: n, echostr: otherCorp } });
		assertNoRun(wrongCorp, 403);
		const old = String(nowSeconds() - 301);
		const stale = await hook.request({ method: 'GET', query: { msg_signature: wecom.getSignature(TOKEN, old, n, echostr), timestamp: old, nonce: n, echostr } });
		assertNoRun(stale, 403);
		assert.match(stale.text, /timestamp/);
	});

	test('create_user: empty 200, one normalised item, and the workflow fetches the member', async () => {
		const user = org.users.find((u) => u.departments.length > 1) ?? org.users[0];
		const res = await hook.request(
			signedPost(corpId, contactEvent(corpId, 'create_user', { UserID: user.userid, Department: user.departments.join(','), MainDepartment: user.departments[0], IsLeaderInDept: user.departments.map(() => 0).join(',') })),
		);
		assert.equal(res.status, 200);
		assert.equal(res.text, '', 'WeCom wants an empty body');
		assert.equal(res.run.status, 'success');
		const [item] = res.run.output('WeCom Trigger');
		assert.equal(item.event, 'change_contact');
		assert.equal(item.changeType, 'create_user');
		assert.equal(item.userId, user.userid);
		assert.deepEqual(item.departments, user.departments);
		assert.equal(item.mainDepartment, user.departments[0]);
		assert.deepEqual(item.isLeaderInDept, user.departments.map(() => 0));
		assert.equal(item.raw.UserID, user.userid);
		assert.ok(!('name' in item), 'fields WeCom did not send are absent, not ""');
		const [member] = res.run.output('Get Member');
		assert.equal(member.userid, user.userid);
		assert.equal(member.name, user.name);
		assertNoSecrets(res.run, [TOKEN, AES, emu.secrets.app]);
	});

	test('update_user with a changed userid: the next step uses the new ID', async () => {
		const user = org.users[1];
		const res = await hook.request(signedPost(corpId, contactEvent(corpId, 'update_user', { UserID: 'old-id-1', NewUserID: user.userid, Department: '1' })));
		assert.equal(res.status, 200);
		const [item] = res.run.output('WeCom Trigger');
		assert.deepEqual([item.userId, item.newUserId], ['old-id-1', user.userid]);
		assert.equal(res.run.output('Get Member')[0].userid, user.userid);
	});

	test('department and tag events are normalised (trigger-only workflow)', async () => {
		const solo = await startWebhookServer({ trigger: 'WeCom Trigger', nodes: [node('weComTrigger', {}, { name: 'WeCom Trigger' })], credentials: { weComCallbackApi: callbackCredential() } });
		try {
			const party = await solo.request(signedPost(corpId, contactEvent(corpId, 'create_party', { Id: 42, Name: '研发部', ParentId: '1', Order: 100 })));
			assert.deepEqual(
				(({ changeType, departmentId, parentId, name, order }) => ({ changeType, departmentId, parentId, name, order }))(party.run.output('WeCom Trigger')[0]),
				{ changeType: 'create_party', departmentId: 42, parentId: 1, name: '研发部', order: 100 },
			);
			const removed = await solo.request(signedPost(corpId, contactEvent(corpId, 'delete_party', { Id: 43 })));
			assert.equal(removed.run.output('WeCom Trigger')[0].departmentId, 43);
			const tag = await solo.request(signedPost(corpId, contactEvent(corpId, 'update_tag', { TagId: 7, AddUserItems: 'a,b', DelUserItems: 'c', AddPartyItems: '2,3', DelPartyItems: '' })));
			const t = tag.run.output('WeCom Trigger')[0];
			assert.deepEqual([t.tagId, t.addUserItems, t.delUserItems, t.addPartyItems, 'delPartyItems' in t], [7, ['a', 'b'], ['c'], [2, 3], false]);
		} finally {
			await solo.close();
		}
	});

	test('change types not selected, and other events, are acknowledged (200) without a run', async () => {
		const picky = await startHook({ triggerParameters: { changeTypes: ['delete_user'] } });
		try {
			const ignored = await picky.request(signedPost(corpId, contactEvent(corpId, 'create_user', { UserID: org.users[2].userid })));
			assertNoRun(ignored, 200);
			const batch = await picky.request(signedPost(corpId, eventXml({ ToUserName: corpId, FromUserName: 'sys', CreateTime: nowSeconds(), MsgType: 'event', Event: 'batch_job_result' })));
			assertNoRun(batch, 200);
			const wanted = await picky.request(signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: 'gone-user' })));
			assert.equal(wanted.status, 200);
			assert.equal(wanted.run.output('WeCom Trigger')[0].changeType, 'delete_user');
		} finally {
			await picky.close();
		}
		const none = await startHook({ triggerParameters: { changeTypes: [] } });
		try {
			const res = await none.request(signedPost(corpId, contactEvent(corpId, 'update_tag', { TagId: 1 })));
			assert.ok(res.run, 'an empty selection means every change type');
		} finally {
			await none.close();
		}
	});

	test('forged and tampered requests: 403, no run', async () => {
		const inner = contactEvent(corpId, 'delete_user', { UserID: 'victim' });
		assertNoRun(await hook.request(signedPost(corpId, inner, { token: 'attackerToken' })), 403);
		// Signed correctly, then the ciphertext swapped for one the attacker made.
		const good = signedPost(corpId, inner);
		const swapped = wecom.encrypt(AES, contactEvent(corpId, 'delete_user', { UserID: 'someone-else' }), corpId);
		good.body = good.body.replace(/<Encrypt><!\[CDATA\[[^\]]+\]\]>/, `<Encrypt><![CDATA[${swapped}]]>`);
		assertNoRun(await hook.request(good), 403);
		assertNoRun(await hook.request({ ...signedPost(corpId, inner), query: {} }), 400);
	});

	test('another corp\'s event (receive ID ≠ Corp ID): 403, no run', async () => {
		const res = await hook.request(signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: 'x' }), { receiveId: 'ww-other-corp' }));
		assertNoRun(res, 403);
		assert.match(res.text, /another corp/);
	});

	test('stale timestamp: 403 by default; a wider tolerance accepts it', async () => {
		const old = String(nowSeconds() - 400);
		const inner = () => contactEvent(corpId, 'delete_user', { UserID: `stale-${nonce()}` });
		assertNoRun(await hook.request(signedPost(corpId, inner(), { timestamp: old })), 403);
		const future = String(nowSeconds() + 400);
		assertNoRun(await hook.request(signedPost(corpId, inner(), { timestamp: future })), 403);
		const lenient = await startHook({ triggerParameters: { changeTypes: ['delete_user'], options: { timestampToleranceSeconds: 600 } } });
		try {
			const res = await lenient.request(signedPost(corpId, inner(), { timestamp: old }));
			assert.equal(res.status, 200);
			assert.equal(res.run.output('WeCom Trigger').length, 1);
		} finally {
			await lenient.close();
		}
	});

	test('oversized and malformed bodies: 400 (or n8n\'s own 422 for unparseable XML), no run', async () => {
		const base = signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: 'big' }));
		const padded = { ...base, body: base.body.replace('<AgentID>', `<Pad>${'x'.repeat(70 * 1024)}</Pad><AgentID>`) };
		assertNoRun(await hook.request(padded), 400);
		const noEncrypt = { ...base, body: '<xml><ToUserName><![CDATA[x]]></ToUserName></xml>' };
		assertNoRun(await hook.request(noEncrypt), 400);
		const notXml = { ...base, body: 'hello', headers: { 'content-type': 'application/octet-stream' } };
		assertNoRun(await hook.request(notXml), 400);
		// With Content-Type text/xml, n8n parses the body before the node runs and answers 422 itself.
		const brokenXml = { ...base, body: '<xml><Encrypt>' };
		const r422 = await hook.request(brokenXml);
		assertNoRun(r422, 422);
		assert.ok(r422.bodyParseError && r422.webhookResult === undefined, 'the node was never called');
		// Signed correctly but not decryptable with our key, or decrypting to something that is not XML.
		assertNoRun(await hook.request(signedPost(corpId, 'ignored', { encrypt: wecom.encrypt('B'.repeat(43), 'hi', corpId, Buffer.alloc(16, 1)) })), 400);
		assertNoRun(await hook.request(signedPost(corpId, 'this is not xml')), 400);
		assertNoRun(await hook.request(signedPost(corpId, 'x', { encrypt: 'not*base64' })), 400);
	});

	test('a replayed delivery starts no second run; concurrent duplicates start one', async () => {
		const user = org.users[3];
		const request = signedPost(corpId, contactEvent(corpId, 'update_user', { UserID: user.userid, Department: '1' }));
		const first = await hook.request(request);
		assert.ok(first.run);
		const replay = await hook.request(request);
		assertNoRun(replay, 200);
		// The same event re-sent by WeCom (new nonce and signature, same sender + time + change).
		const createTime = nowSeconds();
		const event = contactEvent(corpId, 'delete_user', { UserID: `dup-${nonce()}` }, createTime);
		const burst = await hook.simultaneous([1, 2, 3, 4].map(() => signedPost(corpId, event)));
		assert.deepEqual(burst.map((r) => r.status), [200, 200, 200, 200]);
		assert.equal(burst.filter((r) => r.run).length, 1, 'exactly one run');
		// A different event from the same second is not a duplicate.
		const other = await hook.request(signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: `dup-other-${nonce()}` }, createTime)));
		assert.ok(other.run);
	});

	test('duplicates are remembered in static data: a fresh process with the saved data still ignores them', async () => {
		const event = contactEvent(corpId, 'delete_user', { UserID: `persisted-${nonce()}` });
		const first = await hook.request(signedPost(corpId, event));
		assert.ok(first.run);
		const seen = Object.keys(hook.staticData['node:WeCom Trigger'].seenEvents);
		assert.ok(seen.length >= 1 && seen.every((k) => /^k[0-9a-f]{32}$/.test(k)), 'hashed keys only, no user IDs');
		const secondProcess = await startHook({ freshProcess: true, staticData: hook.staticData });
		const otherProcess = await startHook({ freshProcess: true });
		try {
			assertNoRun(await secondProcess.request(signedPost(corpId, event)), 200);
			// Without the saved static data another process has no memory of the event.
			assert.ok((await otherProcess.request(signedPost(corpId, event))).run);
		} finally {
			await secondProcess.close();
			await otherProcess.close();
		}
	});

	test('duplicate window 0 turns duplicate detection off', async () => {
		const always = await startHook({ triggerParameters: { changeTypes: ['delete_user'], options: { dedupeWindowMinutes: 0 } } });
		try {
			const request = signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: 'again' }));
			assert.ok((await always.request(request)).run);
			assert.ok((await always.request(request)).run);
			assert.equal(always.staticData['node:WeCom Trigger'], undefined, 'nothing remembered, nothing saved');
		} finally {
			await always.close();
		}
	});

	test('a malformed credential: activation fails with the fix; requests fail without a run', async () => {
		const broken = await startHook({ credential: { token: TOKEN, encodingAesSecretKey: AES.slice(1), corpId } });
		try {
			await assert.rejects(() => broken.activate(), /WeCom callback credential: The EncodingAESKey must be exactly 43 characters; this one has 42/);
			const res = await broken.request(signedPost(corpId, contactEvent(corpId, 'delete_user', { UserID: 'x' })));
			assertNoRun(res, 500);
			assert.match(res.error.message, /EncodingAESKey/);
			assert.ok(!res.error.message.includes(AES.slice(1)), 'the key itself is not in the message');
		} finally {
			await broken.close();
		}
		await hook.activate();
	});

	test('"Test connection" checks the credential\'s format', async () => {
		assert.equal((await testCredentialWithNode('weComTrigger', 'weComCallbackApi', callbackCredential())).status, 'OK');
		const bad = await testCredentialWithNode('weComTrigger', 'weComCallbackApi', { ...callbackCredential(), token: 'tok en' });
		assert.deepEqual([bad.status, /Token/.test(bad.message)], ['Error', true]);
		const noCorp = await testCredentialWithNode('weComTrigger', 'weComCallbackApi', { ...callbackCredential(), corpId: '' });
		assert.match(noCorp.message, /Corp ID is empty/);
	});
});
