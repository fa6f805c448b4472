// Leavers keep their profile (issue: change events with no public URL, item 3). A member
// who left can no longer be read, so the event triggers remember the members they see join
// or change — from the event's own fields (WeCom callbacks set up before 2022-08-15) or
// through Fetch Member Profiles — and a "left" event carries the last-known profile, or says
// why there is none. Through n8n's webhook path (WeCom, DingTalk HTTP) and its trigger path
// (DingTalk Stream), against the emulators.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { startStreamGateway } from './emulators/dingtalkStream.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node } from './harness/n8n.mjs';
import { activateTrigger } from './harness/trigger.mjs';
import { startWebhookServer } from './harness/webhook.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wecom = require('@wecom/crypto');

const TOKEN = 'QDG6eK4mZ9pLw2Rv';
const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);
let counter = 0;

// --- WeCom: the sender side with WeCom's own @wecom/crypto ------------------------------
function weComPost(corpId, changeType, fields) {
	const inner = `<xml>${Object.entries({ ToUserName: corpId, FromUserName: 'sys', CreateTime: nowSeconds() + ++counter, MsgType: 'event', Event: 'change_contact', ChangeType: changeType, ...fields })
		.map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
		.join('')}</xml>`;
	const timestamp = String(nowSeconds());
	const nonce = `n${++counter}`;
	const enc = wecom.encrypt(AES, inner, corpId);
	return {
		method: 'POST',
		query: { msg_signature: wecom.getSignature(TOKEN, timestamp, nonce, enc), timestamp, nonce },
		body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
		headers: { 'content-type': 'text/xml' },
	};
}

describe('WeCom Trigger: leavers keep their profile', () => {
	const org = generateOrg({ users: 12, departments: 3, seed: 11 });
	let emu;
	const hooks = [];
	const start = async (parameters = {}) => {
		const hook = await startWebhookServer({
			trigger: 'WeCom Trigger',
			nodes: [node('weComTrigger', parameters, { name: 'WeCom Trigger' })],
			credentials: { weComCallbackApi: { token: TOKEN, encodingAesSecretKey: AES, corpId: emu.corpId }, weComApi: weComCredentials(emu) },
		});
		hooks.push(hook);
		return hook;
	};
	const send = async (hook, changeType, fields) => {
		const res = await hook.request(weComPost(emu.corpId, changeType, fields));
		assert.equal(res.status, 200, res.text);
		assertNoSecrets(res.run, [emu.secrets.app]);
		return res.run?.output('WeCom Trigger')[0];
	};

	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		for (const h of hooks) await h.close();
		await emu.close();
	});

	test('event fields (callbacks set up before 2022-08-15) are remembered, merged over updates, and carried by the delete', async () => {
		const hook = await start();
		await send(hook, 'create_user', { UserID: '10045', Name: 'Li Lei', Department: '2,3', MainDepartment: 2, Position: 'Engineer', Mobile: '13800000001' });
		await send(hook, 'update_user', { UserID: '10045', Position: 'Lead Engineer' });
		const left = await send(hook, 'delete_user', { UserID: '10045' });
		assert.equal(left.changeType, 'delete_user');
		assert.deepEqual(left.lastKnownProfile, { userId: '10045', name: 'Li Lei', main_department: 2, position: 'Lead Engineer', mobile: '13800000001', departments: [2, 3] });
		assert.equal(left.lastKnownProfileSource, 'trigger memory');
		assert.ok(!Number.isNaN(Date.parse(left.lastKnownProfileSeenAt)));
		// Forgotten once it left: a later delete of the same ID has nothing, and says why.
		const again = await send(hook, 'delete_user', { UserID: '10045' });
		assert.equal(again.lastKnownProfile, null);
		assert.match(again.lastKnownProfileNote, /Fetch Member Profiles/);
	});

	test('a renamed user ID (NewUserID) keeps its memory under the new ID', async () => {
		const hook = await start();
		await send(hook, 'create_user', { UserID: 'old-id', Name: 'Han Meimei', Department: '2' });
		await send(hook, 'update_user', { UserID: 'old-id', NewUserID: 'new-id', Position: 'Designer' });
		const left = await send(hook, 'delete_user', { UserID: 'new-id' });
		assert.deepEqual(left.lastKnownProfile, { userId: 'new-id', name: 'Han Meimei', position: 'Designer', departments: [2] });
	});

	test('Fetch Member Profiles: ID-only events are read through the API, carried as "profile", and a leaver carries them', async () => {
		const hook = await start({ fetchProfiles: true });
		const member = org.users[3];
		const joined = await send(hook, 'create_user', { UserID: member.userid });
		assert.equal(joined.profile.userid, member.userid);
		assert.equal(joined.profile.name, member.name);
		assert.equal(emu.count('user/get'), 1);
		emu.state.removeUser(member.userid); // deleted upstream: it can no longer be read
		const left = await send(hook, 'delete_user', { UserID: member.userid });
		assert.equal(left.lastKnownProfile.userId, member.userid);
		assert.equal(left.lastKnownProfile.name, member.name);
		assert.deepEqual(left.lastKnownProfile.departments, member.departments);
		assert.equal(emu.count('user/get'), 1, 'the leaver is not read (it would answer 60111)');
	});

	test('Fetch Member Profiles: a read that fails keeps the event and names the reason', async () => {
		const hook = await start({ fetchProfiles: true });
		const item = await send(hook, 'update_user', { UserID: 'nobody-here' });
		assert.equal(item.userId, 'nobody-here');
		assert.equal(item.profile, null);
		assert.match(item.profileError, /60111|not exist|not found/i);
	});

	test('Profiles Kept for Leavers bounds the memory: the member not seen for longest is dropped (numeric IDs too)', async () => {
		const hook = await start({ options: { profilesKept: 2 } });
		await send(hook, 'create_user', { UserID: '300', Name: 'A' });
		await send(hook, 'create_user', { UserID: '20', Name: 'B' });
		await send(hook, 'update_user', { UserID: '300', Position: 'seen again' });
		await send(hook, 'create_user', { UserID: '1', Name: 'C' }); // drops "20", the one not seen for longest
		assert.equal((await send(hook, 'delete_user', { UserID: '20' })).lastKnownProfile, null);
		assert.equal((await send(hook, 'delete_user', { UserID: '300' })).lastKnownProfile.name, 'A');
		assert.equal((await send(hook, 'delete_user', { UserID: '1' })).lastKnownProfile.name, 'C');
	});
});

// --- DingTalk: the sender side from the reference, with node:crypto alone -------------
const DT_TOKEN = 'dtToken2026abc';
const DT_AES = 'o7Wq2eYb8Rk3NcT5vXz1Lp9Ha4Gd6Fj0Ms2Qu8Iy3Ke';
const DT_APP = 'dingappkey7x3k9q';

function dingTalkPush(event) {
	const key = Buffer.from(`${DT_AES}=`, 'base64');
	const msg = Buffer.from(JSON.stringify(event), 'utf8');
	const len = Buffer.alloc(4);
	len.writeUInt32BE(msg.length);
	const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(DT_APP, 'utf8')]);
	const pad = 32 - (body.length % 32);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const enc = Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
	const timestamp = String(Date.now());
	const nonce = `nonce${++counter}`;
	const signature = createHash('sha1').update([DT_TOKEN, timestamp, nonce, enc].sort().join('')).digest('hex');
	return { method: 'POST', query: { msg_signature: signature, timestamp, nonce }, body: JSON.stringify({ encrypt: enc }), headers: { 'content-type': 'application/json' } };
}

describe('DingTalk Trigger: leavers keep their profile', () => {
	const org = generateOrg({ users: 12, departments: 3, seed: 12 });
	let dt;
	let gw;
	const hooks = [];

	before(async () => {
		gw = await startStreamGateway({ settings: { pingEveryMs: 200 } });
		dt = await startDingTalkEmulator({ org, appKey: gw.appKey, appSecret: gw.appSecret });
	});
	after(async () => {
		for (const h of hooks) await h.close();
		await gw.close();
		await dt.close();
	});

	const apiCredential = () => ({ appKey: gw.appKey, appSecret: gw.appSecret, baseUrl: dt.url, newApiBaseUrl: gw.url });

	test('HTTP Callback without Fetch Member Profiles needs no API credential; a leaver item says it has no profile', async () => {
		const hook = await startWebhookServer({
			trigger: 'DingTalk Trigger',
			nodes: [node('dingTalkTrigger', {}, { name: 'DingTalk Trigger' })],
			credentials: { dingTalkCallbackApi: { token: DT_TOKEN, aesSecretKey: DT_AES, appKey: DT_APP } },
		});
		hooks.push(hook);
		const res = await hook.request(dingTalkPush({ EventType: 'user_leave_org', TimeStamp: String(Date.now()), UserId: ['u-gone'] }));
		const [item] = res.run.output('DingTalk Trigger');
		assert.equal(item.lastKnownProfile, null);
		assert.match(item.lastKnownProfileNote, /Fetch Member Profiles/);
	});

	test('HTTP Callback with Fetch Member Profiles: joiners are read and remembered; the leaver carries the last-known profile', async () => {
		const hook = await startWebhookServer({
			trigger: 'DingTalk Trigger',
			nodes: [node('dingTalkTrigger', { fetchProfiles: true }, { name: 'DingTalk Trigger' })],
			credentials: { dingTalkCallbackApi: { token: DT_TOKEN, aesSecretKey: DT_AES, appKey: DT_APP }, dingTalkApi: apiCredential() },
		});
		hooks.push(hook);
		const [a, b] = org.users;
		const joined = await hook.request(dingTalkPush({ EventType: 'user_add_org', TimeStamp: String(Date.now()), UserId: [a.userid, b.userid] }));
		const items = joined.run.output('DingTalk Trigger');
		assert.deepEqual(items.map((i) => [i.userId, i.profile.userid, i.profile.name]), [[a.userid, a.userid, a.name], [b.userid, b.userid, b.name]]);
		dt.state.removeUser(a.userid);
		const left = await hook.request(dingTalkPush({ EventType: 'user_leave_org', TimeStamp: String(Date.now()), UserId: [a.userid] }));
		const [gone] = left.run.output('DingTalk Trigger');
		assert.equal(gone.lastKnownProfile.userId, a.userid);
		assert.equal(gone.lastKnownProfile.name, a.name);
		assert.deepEqual(gone.lastKnownProfile.departments, a.departments);
		for (const run of [joined.run, left.run]) assertNoSecrets(run, [gw.appSecret]);
	});

	test('Stream with Fetch Member Profiles: the same, over the Stream connection', async () => {
		const active = await activateTrigger({
			trigger: 'DingTalk Trigger',
			nodes: [node('dingTalkTrigger', { connection: 'stream', streamOptions: { fetchProfiles: true } }, { name: 'DingTalk Trigger', typeVersion: 2 })],
			credentials: { dingTalkApi: apiCredential() },
		});
		try {
			const until = Date.now() + 8000;
			while (gw.openConnections().length === 0 && Date.now() < until) await sleep(20);
			const c = org.users[5];
			gw.push('user_modify_org', { timeStamp: Date.now(), userId: [c.userid] });
			while (active.runs.length < 1 && Date.now() < until) await sleep(20);
			const [changed] = active.runs[0].output('DingTalk Trigger');
			assert.equal(changed.profile.name, c.name);
			dt.state.removeUser(c.userid);
			gw.push('user_leave_org', { timeStamp: Date.now(), userId: [c.userid] });
			while (active.runs.length < 2 && Date.now() < until + 4000) await sleep(20);
			const [gone] = active.runs[1].output('DingTalk Trigger');
			assert.equal(gone.lastKnownProfile.name, c.name);
			assert.deepEqual(gone.lastKnownProfile.departments, c.departments);
			while (!gw.allAcked() && Date.now() < until + 8000) await sleep(20);
			assert.ok(gw.allAcked(), 'both events acknowledged');
		} finally {
			await active.deactivate();
		}
	});
});
