// DingTalk Stream protocol pieces (lib/dingtalk/streamProtocol.ts), from the built package.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const p = require('../../dist/lib/dingtalk/streamProtocol.js');

test('backoff: 1 s doubling to 60 s, each wait between half and all of it', () => {
	const low = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => p.backoffDelay(n, 0));
	const high = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => p.backoffDelay(n, 1));
	assert.deepEqual(high, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
	assert.deepEqual(low, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('gateway answers: endpoint, 20001, refused credential, transient', () => {
	assert.deepEqual(p.parseOpenAnswer(200, { endpoint: 'wss://x', ticket: 't' }), { endpoint: 'wss://x', ticket: 't' });
	assert.throws(() => p.parseOpenAnswer(403, { code: '20001', message: 'paused' }), (e) => e.name === 'StreamFatalError' && /20001/.test(e.message));
	assert.throws(() => p.parseOpenAnswer(200, { code: 20001 }), (e) => e.name === 'StreamFatalError');
	assert.throws(() => p.parseOpenAnswer(401, { code: 'InvalidAuthentication' }), (e) => e.name === 'StreamFatalError' && /App Secret/.test(e.message));
	assert.throws(() => p.parseOpenAnswer(503, 'busy'), (e) => e.name === 'Error');
	assert.throws(() => p.parseOpenAnswer(200, { endpoint: 'wss://x' }), /without an endpoint or a ticket/);
});

test('answers: ping echo and event ack as the SDK sends them', () => {
	const ping = { type: 'SYSTEM', headers: { topic: 'ping', messageId: 'm1' }, data: '{"opaque":"x"}' };
	assert.deepEqual(JSON.parse(p.pingReply(ping)), { code: 200, headers: ping.headers, message: 'OK', data: ping.data });
	assert.deepEqual(JSON.parse(p.ackReply('m2', 'LATER')), {
		code: 200,
		headers: { contentType: 'application/json', messageId: 'm2' },
		message: 'OK',
		data: '{"status":"LATER"}',
	});
});

test('an EVENT frame becomes the HTTP callback event shape', () => {
	const event = p.streamEvent({
		type: 'EVENT',
		headers: { messageId: 'm', eventId: 'e1', eventType: 'user_leave_org', eventCorpId: 'corp', eventBornTime: '1700000000000', topic: 'user_leave_org' },
		data: JSON.stringify({ timeStamp: 1700000000001, userId: ['u1'] }),
	});
	assert.equal(event.EventType, 'user_leave_org');
	assert.equal(event.CorpId, 'corp');
	assert.equal(event.TimeStamp, 1700000000001);
	assert.equal(event.EventId, 'e1');
	assert.deepEqual(event.userId, ['u1']);
});
