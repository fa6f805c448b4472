// DingTalk Trigger through n8n's webhook path (test/harness/webhook.mjs), over real HTTP.
// DingTalk publishes no npm package for its callback crypto, so the sender side below is
// written here from dingtalk-api.md §6 with node:crypto alone — it does not use the
// package's own code — and every reply is checked with it too.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { node } from './harness/n8n.mjs';
import { startWebhookServer, testCredentialWithNode } from './harness/webhook.mjs';
import { assertNoSecrets } from './helpers.mjs';

const TOKEN = 'dtToken2026abc';
const AES_KEY = 'o7Wq2eYb8Rk3NcT5vXz1Lp9Ha4Gd6Fj0Ms2Qu8Iy3Ke';
const APP_KEY = 'dingappkey7x3k9q';
const CORP_ID = 'dingcorp0123456789';

// --- DingTalk's side, from the reference ------------------------------------------------
const keyOf = (aesKey) => Buffer.from(`${aesKey}=`, 'base64');

function dtEncrypt(plaintext, { aesKey = AES_KEY, ownerKey = APP_KEY } = {}) {
	const key = keyOf(aesKey);
	const msg = Buffer.from(plaintext, 'utf8');
	const len = Buffer.alloc(4);
	len.writeUInt32BE(msg.length);
	const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(ownerKey, 'utf8')]);
	const pad = 32 - (body.length % 32);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

function dtDecrypt(encrypted, aesKey = AES_KEY) {
	const key = keyOf(aesKey);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
	const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]);
	const len = unpadded.readUInt32BE(16);
	return { message: unpadded.subarray(20, 20 + len).toString('utf8'), ownerKey: unpadded.subarray(20 + len).toString('utf8') };
}

const dtSign = (token, timestamp, nonce, encrypted) => createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');

let counter = 0;
/** An HTTP push as DingTalk sends it: JSON {encrypt} with the signature in the query. */
function push(event, { token = TOKEN, aesKey, ownerKey, timestamp = String(Date.now()), signatureParam = 'msg_signature', encrypt } = {}) {
	const nonce = `nonce${++counter}`;
	const enc = encrypt ?? dtEncrypt(JSON.stringify(event), { aesKey, ownerKey });
	return {
		method: 'POST',
		query: { [signatureParam]: dtSign(token, timestamp, nonce, enc), timestamp, nonce },
		body: JSON.stringify({ encrypt: enc }),
		headers: { 'content-type': 'application/json' },
	};
}

/** Check a reply the way DingTalk does: signed with our token, "success" encrypted for our key. */
function assertSuccessReply(res) {
	assert.equal(res.status, 200, res.text);
	assert.match(res.headers['content-type'], /^application\/json/);
	const reply = JSON.parse(res.text);
	assert.deepEqual(Object.keys(reply).sort(), ['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
	assert.equal(reply.msg_signature, dtSign(TOKEN, reply.timeStamp, reply.nonce, reply.encrypt));
	assert.ok(Math.abs(Number(reply.timeStamp) - Date.now()) < 60_000, 'timeStamp in milliseconds');
	assert.deepEqual(dtDecrypt(reply.encrypt), { message: 'success', ownerKey: APP_KEY });
}

function assertRefused(res, status) {
	assert.equal(res.status, status, res.text);
	assert.equal(res.run, undefined, 'no run started');
	assert.equal(res.webhookResult?.workflowData, undefined);
	assert.ok(!res.text.includes('msg_signature'), 'no success reply for a refused request');
}

const userEvent = (type, ids, extra = {}) => ({ EventType: type, TimeStamp: String(Date.now()), UserId: ids, CorpId: CORP_ID, ...extra });

describe('DingTalk Trigger', () => {
	let hook;
	const credential = { token: TOKEN, aesSecretKey: AES_KEY, appKey: APP_KEY };
	const start = async (parameters = {}, cred = credential) =>
		await startWebhookServer({ trigger: 'DingTalk Trigger', nodes: [node('dingTalkTrigger', parameters, { name: 'DingTalk Trigger' })], credentials: { dingTalkCallbackApi: cred } });

	before(async () => {
		hook = await start();
	});
	after(async () => {
		await hook.close();
	});

	test('check_url: the encrypted "success" reply, no run', async () => {
		const res = await hook.request(push({ EventType: 'check_url' }));
		assertSuccessReply(res);
		assert.equal(res.run, undefined);
	});

	test('user_add_org with two users: success reply, one run with one item per user', async () => {
		const event = userEvent('user_add_org', ['manager7675', 'emp0042']);
		const res = await hook.request(push(event));
		assertSuccessReply(res);
		assert.equal(res.run.status, 'success');
		const items = res.run.output('DingTalk Trigger');
		assert.deepEqual(items.map((i) => [i.event, i.userId, i.corpId]), [
			['user_add_org', 'manager7675', CORP_ID],
			['user_add_org', 'emp0042', CORP_ID],
		]);
		assert.equal(items[0].timeStamp, Number(event.TimeStamp));
		assert.equal(items[0].occurredAt, new Date(Number(event.TimeStamp)).toISOString());
		assert.deepEqual(items[1].raw, event);
		assertNoSecrets(res.run, [TOKEN, AES_KEY]);
	});

	test('the documented "signature" query name is accepted as well as "msg_signature"', async () => {
		const res = await hook.request(push(userEvent('user_leave_org', ['left01']), { signatureParam: 'signature' }));
		assertSuccessReply(res);
		assert.equal(res.run.output('DingTalk Trigger')[0].userId, 'left01');
	});

	test('department events: one item per department, IDs as numbers', async () => {
		const res = await hook.request(push({ EventType: 'org_dept_create', TimeStamp: String(Date.now()), DeptId: [1001, 1002], CorpId: CORP_ID }));
		assertSuccessReply(res);
		assert.deepEqual(res.run.output('DingTalk Trigger').map((i) => [i.event, i.departmentId]), [
			['org_dept_create', 1001],
			['org_dept_create', 1002],
		]);
	});

	test('events not selected, unknown events and empty ID lists: success reply, no run', async () => {
		const picky = await start({ events: ['user_leave_org'] });
		try {
			const notSelected = await picky.request(push(userEvent('user_add_org', ['u1'])));
			assertSuccessReply(notSelected);
			assert.equal(notSelected.run, undefined);
			const unknown = await picky.request(push(userEvent('label_user_change', ['u1'])));
			assertSuccessReply(unknown);
			assert.equal(unknown.run, undefined);
			const empty = await picky.request(push(userEvent('user_leave_org', [])));
			assertSuccessReply(empty);
			assert.equal(empty.run, undefined);
			const selected = await picky.request(push(userEvent('user_leave_org', ['u1'])));
			assert.equal(selected.run.output('DingTalk Trigger')[0].userId, 'u1');
		} finally {
			await picky.close();
		}
		const none = await start({ events: [] });
		try {
			assert.ok((await none.request(push(userEvent('user_active_org', ['u9'])))).run, 'an empty selection means every event');
		} finally {
			await none.close();
		}
	});

	test('forged and tampered requests: 403, no run, no success reply', async () => {
		assertRefused(await hook.request(push(userEvent('user_leave_org', ['ceo']), { token: 'guessedToken' })), 403);
		const tampered = push(userEvent('user_leave_org', ['ceo']));
		tampered.body = JSON.stringify({ encrypt: dtEncrypt(JSON.stringify(userEvent('user_leave_org', ['cfo']))) });
		assertRefused(await hook.request(tampered), 403);
	});

	test('an event for another app key: 403, no run', async () => {
		const res = await hook.request(push(userEvent('user_add_org', ['x']), { ownerKey: 'dingotherapp' }));
		assertRefused(res, 403);
		assert.match(res.text, /another app/);
	});

	test('a stale timestamp (milliseconds, as DingTalk sends): 403, no run', async () => {
		assertRefused(await hook.request(push(userEvent('user_add_org', ['y']), { timestamp: String(Date.now() - 301_000) })), 403);
	});

	test('oversized and malformed bodies: 400 (n8n itself answers 422 for unparseable JSON), no run', async () => {
		const big = push(userEvent('user_add_org', ['z']));
		big.body = JSON.stringify({ encrypt: JSON.parse(big.body).encrypt, pad: 'x'.repeat(70 * 1024) });
		assertRefused(await hook.request(big), 400);
		assertRefused(await hook.request({ ...push(userEvent('user_add_org', ['z'])), body: JSON.stringify({ message: 'hi' }) }), 400);
		assertRefused(await hook.request({ ...push(userEvent('user_add_org', ['z'])), body: '["encrypt"]' }), 400);
		assertRefused(await hook.request({ ...push(userEvent('user_add_org', ['z'])), body: 'encrypt=abc', headers: { 'content-type': 'text/plain' } }), 400);
		const broken = await hook.request({ ...push(userEvent('user_add_org', ['z'])), body: '{"encrypt":' });
		assertRefused(broken, 422);
		assert.equal(broken.webhookResult, undefined, 'the node was never called');
		assertRefused(await hook.request(push(null, { encrypt: dtEncrypt('not json at all') })), 400);
		assertRefused(await hook.request(push(null, { encrypt: dtEncrypt('[{"EventType":"user_add_org"}]') })), 400);
		assertRefused(await hook.request(push(null, { encrypt: dtEncrypt('{}', { aesKey: 'Z'.repeat(43) }) })), 400);
	});

	test('a duplicate delivery gets the success reply but starts no second run', async () => {
		const request = push(userEvent('user_modify_org', ['dup1']));
		assert.ok((await hook.request(request)).run);
		const again = await hook.request(request);
		assertSuccessReply(again);
		assert.equal(again.run, undefined);
		// DingTalk re-sending the same event (new nonce, same content): still a duplicate.
		const event = userEvent('user_modify_org', ['dup2', 'dup3']);
		assert.ok((await hook.request(push(event))).run);
		const resent = await hook.request(push({ ...event, UserId: ['dup3', 'dup2'] }));
		assertSuccessReply(resent);
		assert.equal(resent.run, undefined);
	});

	test('a malformed credential fails activation with the fix; "Test connection" checks the format', async () => {
		const broken = await start({}, { ...credential, appKey: '' });
		try {
			await assert.rejects(() => broken.activate(), /DingTalk callback credential: The App Key or Corp ID is empty/);
		} finally {
			await broken.close();
		}
		assert.equal((await testCredentialWithNode('dingTalkTrigger', 'dingTalkCallbackApi', credential)).status, 'OK');
		const bad = await testCredentialWithNode('dingTalkTrigger', 'dingTalkCallbackApi', { ...credential, aesSecretKey: 'short' });
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /43 characters/);
	});
	test('version 2 with Connection = HTTP Callback: the webhook works, in production and for a test ("Listen for test event")', async () => {
		const nodes = () => [node('dingTalkTrigger', { connection: 'httpCallback' }, { name: 'DingTalk Trigger', typeVersion: 2 })];
		for (const mode of ['webhook', 'manual']) {
			const v2 = await startWebhookServer({ trigger: 'DingTalk Trigger', nodes: nodes(), credentials: { dingTalkCallbackApi: credential }, mode });
			try {
				await v2.activate();
				const res = await v2.request(push(userEvent('user_leave_org', ['v2left'])));
				assertSuccessReply(res);
				assert.equal(res.run.status, 'success', `${mode}: ${res.run.error?.message}`);
				const [item] = res.run.output('DingTalk Trigger');
				assert.equal(item.userId, 'v2left', mode);
				assert.equal(item.lastKnownProfile, null, 'a leaver says that the node has no profile');
				assert.match(item.lastKnownProfileNote, /has not seen this member/);
			} finally {
				await v2.close();
			}
		}
	});

	test('version 2 with Connection = Stream registers no webhook', async () => {
		const v2 = await startWebhookServer({ trigger: 'DingTalk Trigger', nodes: [node('dingTalkTrigger', {}, { name: 'DingTalk Trigger', typeVersion: 2 })], credentials: {} });
		try {
			const res = await v2.request(push(userEvent('user_add_org', ['x'])));
			assert.equal(res.status, 404);
		} finally {
			await v2.close();
		}
	});
});
