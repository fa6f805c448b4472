// Unit tests for the callback building blocks: the shared crypto (checked against WeCom's
// official @wecom/crypto in both directions), the strict XML reader, the duplicate memory
// and the event normalisers.
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
// WeCom's official implementation (devDependency), independent of ours.
const wecom = require('@wecom/crypto');
const crypto = require('../../dist/lib/callback/callbackCrypto.js');
const { CallbackRejection } = require('../../dist/lib/callback/callbackRejection.js');
const { assertFreshTimestamp, queryParam, restorePlus } = require('../../dist/lib/callback/callbackRequest.js');
const { callbackCredentialProblem } = require('../../dist/lib/callback/callbackCredential.js');
const { parseXml, toObject } = require('../../dist/lib/wecom/callbackXml.js');
const { replayKey, seenBefore } = require('../../dist/lib/callback/replayGuard.js');
const { normaliseWeComEvent } = require('../../dist/lib/wecom/contactEvent.js');
const { dingTalkEventItems, dingTalkEventIdentity } = require('../../dist/lib/dingtalk/contactEvent.js');

const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const key = crypto.aesKeyOf(AES);

function rejects(fn, status, pattern) {
	assert.throws(fn, (error) => error instanceof CallbackRejection && error.status === status && pattern.test(error.message));
}

test('decrypt: reads what @wecom/crypto encrypts, including non-ASCII and 32-byte-aligned messages', () => {
	for (const message of ['', 'a', '张三 <xml>', 'x'.repeat(12), 'y'.repeat(44), 'z'.repeat(1000)]) {
		const out = crypto.decryptMessage(key, wecom.encrypt(AES, message, 'ww-corp'));
		assert.deepEqual(out, { message, receiveId: 'ww-corp' });
	}
});

test('encrypt: @wecom/crypto reads what we encrypt; padding is to 32-byte blocks', () => {
	const sealed = crypto.encryptMessage(key, 'success', 'dingAppKey');
	assert.deepEqual(wecom.decrypt(AES, sealed).message, 'success');
	assert.equal(wecom.decrypt(AES, sealed).id, 'dingAppKey');
	// 16 random + 4 length + 7 + 10 = 37 bytes → 64 with 32-byte blocks (48 with AES's 16).
	assert.equal(Buffer.from(sealed, 'base64').length, 64);
});

test('signature: the same as @wecom/crypto; matched case-insensitively; anything else refused', () => {
	const sig = wecom.getSignature('tok', '1700000000', 'nonce', 'ENC');
	assert.equal(crypto.signatureOf('tok', '1700000000', 'nonce', 'ENC'), sig);
	assert.equal(crypto.signatureMatches(sig, 'tok', '1700000000', 'nonce', 'ENC'), true);
	assert.equal(crypto.signatureMatches(sig.toUpperCase(), 'tok', '1700000000', 'nonce', 'ENC'), true);
	assert.equal(crypto.signatureMatches(sig, 'tok', '1700000001', 'nonce', 'ENC'), false);
	assert.equal(crypto.signatureMatches(sig.slice(0, 39), 'tok', '1700000000', 'nonce', 'ENC'), false, 'wrong length');
	assert.equal(crypto.signatureMatches(`${sig.slice(0, 39)}g`, 'tok', '1700000000', 'nonce', 'ENC'), false, 'not hex');
});

test('decrypt refuses: bad base64, partial blocks, bad padding, inconsistent length, another key', () => {
	rejects(() => crypto.decryptMessage(key, 'not base64!'), 400, /base64/);
	rejects(() => crypto.decryptMessage(key, Buffer.alloc(20).toString('base64')), 400, /AES blocks/);
	const other = wecom.encrypt('A'.repeat(43), 'hello', 'ww-corp', Buffer.alloc(16, 7)); // fixed random: deterministic
	rejects(() => crypto.decryptMessage(key, other), 400, /padding/);

	const seal = (plain) => {
		const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		cipher.setAutoPadding(false);
		return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
	};
	// Pad byte 33 (> block), pad bytes that disagree, a length field pointing past the end.
	const bad33 = Buffer.concat([randomBytes(31), Buffer.from([33])]);
	rejects(() => crypto.decryptMessage(key, seal(bad33)), 400, /padding/);
	const uneven = Buffer.concat([randomBytes(28), Buffer.from([4, 4, 3, 4])]);
	rejects(() => crypto.decryptMessage(key, seal(uneven)), 400, /padding/);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(1000);
	const lying = Buffer.concat([randomBytes(16), length, Buffer.from('hi'), Buffer.alloc(10, 10)]);
	rejects(() => crypto.decryptMessage(key, seal(lying)), 400, /length/);
});

test('EncodingAESKey and credential checks name what is wrong', () => {
	assert.equal(crypto.encodingAesKeyProblem(AES), undefined);
	assert.match(crypto.encodingAesKeyProblem(AES.slice(1)), /exactly 43 characters; this one has 42/);
	assert.match(crypto.encodingAesKeyProblem(`${AES.slice(1)}-`), /letters and digits/);
	const ok = { token: 'Token123', encodingAESKey: AES, receiveId: 'ww1', receiveIdLabel: 'Corp ID' };
	assert.equal(callbackCredentialProblem(ok), undefined);
	assert.match(callbackCredentialProblem({ ...ok, token: '' }), /Token is empty/);
	assert.match(callbackCredentialProblem({ ...ok, token: 'x'.repeat(33) }), /1–32 letters and digits/);
	assert.match(callbackCredentialProblem({ ...ok, token: 'has space' }), /1–32 letters and digits/);
	assert.match(callbackCredentialProblem({ ...ok, receiveId: '' }), /Corp ID is empty/);
});

test('timestamps: seconds and milliseconds both read; outside the window refused with 403', () => {
	const now = 1_800_000_000_000;
	assertFreshTimestamp(String(now / 1000 - 299), now, 300);
	assertFreshTimestamp(String(now + 299_000), now, 300);
	rejects(() => assertFreshTimestamp(String(now / 1000 - 301), now, 300), 403, /300 s/);
	rejects(() => assertFreshTimestamp(String(now - 301_000), now, 300), 403, /300 s/);
	rejects(() => assertFreshTimestamp('12abc', now, 300), 400, /not a number/);
});

test('query parameters: missing, empty or repeated is malformed; "+" restored in base64', () => {
	assert.equal(queryParam({ a: 'x' }, 'a'), 'x');
	rejects(() => queryParam({}, 'nonce'), 400, /nonce/);
	rejects(() => queryParam({ nonce: '' }, 'nonce'), 400, /nonce/);
	rejects(() => queryParam({ nonce: ['a', 'b'] }, 'nonce'), 400, /nonce/);
	assert.equal(restorePlus('ab cd'), 'ab+cd');
});

test('XML reader: WeCom layout with CDATA, numbers, nested ExtAttr, entities', () => {
	const xml = `<?xml version="1.0"?>
<xml>
	<ToUserName><![CDATA[ww1]]></ToUserName>
	<CreateTime>1403610513</CreateTime>
	<Name> <![CDATA[张三 & <b>]]> </Name>
	<Position>R&amp;D &lt;lead&gt; &#x4E09;&#19977;</Position>
	<Empty/>
	<ExtAttr>
		<Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item>
		<Item><Name><![CDATA[卡号]]></Name><Type>1</Type></Item>
	</ExtAttr>
</xml>`;
	const out = toObject(parseXml(xml));
	assert.deepEqual(out, {
		ToUserName: 'ww1',
		CreateTime: '1403610513',
		Name: '张三 & <b>',
		Position: 'R&D <lead> 三三',
		Empty: '',
		ExtAttr: { Item: [{ Name: '爱好', Type: '0', Text: { Value: '旅游' } }, { Name: '卡号', Type: '1' }] },
	});
});

test('XML reader refuses what WeCom never sends', () => {
	const bad = {
		attribute: '<xml><A x="1">v</A></xml>',
		doctype: '<!DOCTYPE xml [<!ENTITY e "boom">]><xml><A>&e;</A></xml>',
		unknownEntity: '<xml><A>&e;</A></xml>',
		bareAmpersand: '<xml><A>a & b</A></xml>',
		comment: '<xml><!-- hi --><A>v</A></xml>',
		mismatched: '<xml><A>v</B></xml>',
		unclosed: '<xml><A>v</A>',
		trailing: '<xml><A>v</A></xml><more/>',
		mixed: '<xml>text<A>v</A></xml>',
		protoName: '<xml><__proto__>v</__proto__></xml>',
		tooDeep: `${'<a>'.repeat(9)}x${'</a>'.repeat(9)}`,
		notXml: '{"encrypt":"abc"}',
	};
	for (const [name, xml] of Object.entries(bad)) assert.throws(() => parseXml(xml), /Malformed XML/, name);
});

test('duplicate memory: remembers within the window, forgets after it, stays bounded', () => {
	const store = {};
	const k = replayKey(['sys', '1700000000', 'create_user', 'zhangsan']);
	assert.match(k, /^k[0-9a-f]{32}$/);
	assert.equal(seenBefore(store, k, 1000, 600_000, 10), false);
	assert.equal(seenBefore(store, k, 1000 + 599_999, 600_000, 10), true);
	assert.equal(seenBefore(store, k, 1000 + 600_000, 600_000, 10), false, 'expired: accepted again');
	assert.notEqual(replayKey(['sys', '1700000000', 'create_user', 'lisi']), k);
	for (let i = 0; i < 25; i++) seenBefore(store, replayKey([i]), 2_000_000, 600_000, 10);
	assert.equal(Object.keys(store).length, 10);
	assert.equal(seenBefore(store, replayKey([24]), 2_000_001, 600_000, 10), true, 'the newest are kept');
	assert.equal(seenBefore(store, replayKey([0]), 2_000_001, 600_000, 10), false, 'the oldest went first');
});

test('WeCom normaliser: lists as arrays, numbers as numbers, absent stays absent, raw kept', () => {
	const raw = {
		ToUserName: 'ww1',
		FromUserName: 'sys',
		CreateTime: '1700000000',
		MsgType: 'event',
		Event: 'change_contact',
		ChangeType: 'update_user',
		UserID: 'zhangsan',
		NewUserID: 'zhangsan2',
		Department: '1,2, 3',
		MainDepartment: '2',
		IsLeaderInDept: '1,0,0',
		DirectLeader: 'lisi,wangwu',
		Gender: '1',
		Status: '1',
		Email: '',
		Mobile: 'not-read-as-number-but-kept',
	};
	const item = normaliseWeComEvent(raw);
	assert.deepEqual(item, {
		event: 'change_contact',
		changeType: 'update_user',
		corpId: 'ww1',
		createTime: 1700000000,
		occurredAt: '2023-11-14T22:13:20.000Z',
		userId: 'zhangsan',
		newUserId: 'zhangsan2',
		departments: [1, 2, 3],
		mainDepartment: 2,
		isLeaderInDept: [1, 0, 0],
		directLeader: ['lisi', 'wangwu'],
		mobile: 'not-read-as-number-but-kept',
		gender: 1,
		status: 1,
		raw,
	});
	const party = normaliseWeComEvent({ Event: 'change_contact', ChangeType: 'create_party', Id: '7', Name: 'Sales', ParentId: '1', Order: '100' });
	assert.equal(party.departmentId, 7);
	assert.equal(party.parentId, 1);
	assert.equal(party.name, 'Sales');
	assert.equal(party.order, 100);
	const tag = normaliseWeComEvent({ Event: 'change_contact', ChangeType: 'update_tag', TagId: '3', AddUserItems: 'a,b', DelUserItems: '', AddPartyItems: '4,5', DelPartyItems: '6' });
	assert.deepEqual([tag.tagId, tag.addUserItems, tag.delUserItems, tag.addPartyItems, tag.delPartyItems], [3, ['a', 'b'], undefined, [4, 5], [6]]);
	assert.ok(!('delUserItems' in tag));
	assert.equal(normaliseWeComEvent({ ChangeType: 'create_user', Department: '1,x' }).departments, undefined, 'a list that is not all numbers is left to raw');
});

test('DingTalk events: one item per ID; identity ignores ID order and prefers the event ID', () => {
	const event = { EventType: 'user_leave_org', TimeStamp: '1700000000123', UserId: ['u1', 'u2'], CorpId: 'dingcorp' };
	const items = dingTalkEventItems(event);
	assert.deepEqual(
		items.map((i) => [i.event, i.userId, i.corpId, i.timeStamp, i.occurredAt]),
		[
			['user_leave_org', 'u1', 'dingcorp', 1700000000123, '2023-11-14T22:13:20.123Z'],
			['user_leave_org', 'u2', 'dingcorp', 1700000000123, '2023-11-14T22:13:20.123Z'],
		],
	);
	assert.deepEqual(items[0].raw, event);
	const depts = dingTalkEventItems({ EventType: 'org_dept_create', DeptId: [12, '13'], TimeStamp: 1700000000123 });
	assert.deepEqual(depts.map((i) => i.departmentId), [12, 13]);
	assert.deepEqual(dingTalkEventItems({ EventType: 'label_user_change', UserId: ['u1'] }), []);
	assert.deepEqual(dingTalkEventIdentity(event), dingTalkEventIdentity({ ...event, UserId: ['u2', 'u1'] }));
	assert.deepEqual(dingTalkEventIdentity({ ...event, EventId: 'e-1' }), ['id', 'e-1']);
});
