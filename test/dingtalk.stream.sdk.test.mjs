// Interop: DingTalk's official Node SDK (`dingtalk-stream`, DWClient) against the Stream
// gateway emulator — proof that the emulator speaks the protocol the real gateway speaks,
// before our own trigger is tested against it (test/dingtalk.stream.test.mjs). The SDK
// hard-codes the gateway URL in dist/constants.mjs; an ESM loader hook registered here
// rewrites that one constant to the emulator's address as the module loads. node_modules
// is not changed.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { startStreamGateway } from './emulators/dingtalkStream.mjs';

const HOOKS = `
let gateway;
export async function initialize(data) { gateway = data.gateway; }
export async function load(url, context, next) {
	const result = await next(url, context);
	if (url.includes('/dingtalk-stream/dist/constants.mjs')) {
		const source = String(result.source).replace('https://api.dingtalk.com/v1.0/gateway/connections/open', gateway);
		return { ...result, source };
	}
	return result;
}`;

const waitFor = async (what, fn, ms = 8000) => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await fn()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	assert.fail(`timed out waiting for ${what}`);
};

describe('dingtalk-stream SDK against the gateway emulator', () => {
	let gw;
	let DWClient;
	let constants;
	const clients = [];
	before(async () => {
		gw = await startStreamGateway({ settings: { pingEveryMs: 100 } });
		register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { gateway: `${gw.url}/v1.0/gateway/connections/open` } });
		({ DWClient } = await import('dingtalk-stream'));
		constants = await import('dingtalk-stream/dist/constants.mjs').catch(() => undefined);
	});
	after(async () => {
		for (const c of clients) c.disconnect();
		await gw.close();
	});

	const connect = async (onEvent) => {
		const client = new DWClient({ clientId: gw.appKey, clientSecret: gw.appSecret });
		client.registerAllEventListener(onEvent);
		clients.push(client);
		await client.connect();
		await waitFor('the SDK to register', () => client.registered);
		return client;
	};

	test('the SDK opens the gateway, registers, answers pings and acks events once each', async () => {
		if (constants) assert.match(constants.GATEWAY_URL, /^http:\/\/127\.0\.0\.1/);
		const received = [];
		const client = await connect((message) => {
			received.push(message);
			return { status: 'SUCCESS' };
		});
		const open = gw.log.opens.at(-1);
		assert.equal(open.clientId, gw.appKey);
		assert.deepEqual(open.subscriptions, [{ type: 'EVENT', topic: '*' }]);
		assert.match(open.accept, /application\/json/);
		const ids = [gw.push('user_add_org', { timeStamp: Date.now(), userId: ['u1'] }), gw.push('org_dept_create', { timeStamp: Date.now(), deptId: [7] })];
		await waitFor('both events acked', () => ids.every((id) => gw.events.get(id).acked));
		assert.deepEqual(received.map((m) => m.headers.eventId), ids);
		assert.deepEqual(JSON.parse(received[0].data), { timeStamp: JSON.parse(received[0].data).timeStamp, userId: ['u1'] });
		assert.equal(received[0].headers.eventType, 'user_add_org');
		for (const id of ids) assert.equal(gw.events.get(id).deliveries, 1);
		const acks = gw.log.acks.filter((a) => ids.includes(a.eventId));
		assert.deepEqual(acks.map((a) => [a.status, a.code, a.contentType]), [['SUCCESS', 200, 'application/json'], ['SUCCESS', 200, 'application/json']]);
		await waitFor('a ping answered', () => gw.log.pongs.length > 0);
		const pong = gw.log.pongs[0];
		assert.equal(pong.code, 200);
		assert.equal(pong.data, gw.log.pings.find((p) => p.messageId === pong.messageId).data, 'the ping data echoed');
		client.disconnect();
	});

	test('LATER and a late ack get the event delivered again with the same eventId', async () => {
		let first = true;
		const seen = [];
		const client = await connect((message) => {
			seen.push(message.headers);
			if (first) {
				first = false;
				return { status: 'LATER' };
			}
			return { status: 'SUCCESS' };
		});
		const id = gw.push('user_modify_org', { timeStamp: Date.now(), userId: ['u2'] });
		await waitFor('acked after a LATER', () => gw.events.get(id).acked);
		assert.equal(seen.filter((h) => h.eventId === id).length, 2);
		assert.notEqual(seen[0].messageId, seen[1].messageId, 'a redelivery has a new messageId');
		client.disconnect();
	});

	test('a disconnect frame, then the close: the SDK reconnects with a new ticket and gets the rest', async () => {
		const got = [];
		const client = await connect((message) => {
			got.push(message.headers.eventId);
			return { status: 'SUCCESS' };
		});
		const before = gw.log.opens.length;
		gw.disconnect({ close: true });
		await waitFor('a new gateway call', () => gw.log.opens.length > before, 5000);
		await waitFor('registered again', () => client.registered && gw.openConnections().length > 0, 5000);
		const id = gw.push('user_leave_org', { timeStamp: Date.now(), userId: ['u3'] });
		await waitFor('the event after the reconnect', () => gw.events.get(id).acked);
		assert.ok(got.includes(id));
		client.disconnect();
	});

	test('an expired or reused ticket is refused', async () => {
		gw.set({ ticketTtlMs: -1 });
		const res = await fetch(`${gw.url}/v1.0/gateway/connections/open`, {
			method: 'POST',
			headers: { accept: 'application/json', 'content-type': 'application/json' },
			body: JSON.stringify({ clientId: gw.appKey, clientSecret: gw.appSecret, ua: 't', subscriptions: [{ type: 'EVENT', topic: '*' }] }),
		});
		const { endpoint, ticket } = await res.json();
		gw.set({ ticketTtlMs: 90_000 });
		const { WebSocket } = await import('ws');
		const code = await new Promise((resolve) => {
			const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
			ws.on('unexpected-response', (_req, r) => resolve(r.statusCode));
			ws.on('open', () => resolve('open'));
			ws.on('error', () => {});
		});
		assert.equal(code, 401);
		assert.equal(gw.log.rejectedTickets.at(-1).problem, 'ticket expired');
	});

	test('without Accept: application/json the gateway answers XML (as the SDK comment warns)', async () => {
		const res = await fetch(`${gw.url}/v1.0/gateway/connections/open`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ clientId: gw.appKey, clientSecret: gw.appSecret, subscriptions: [{ type: 'EVENT', topic: '*' }] }),
		});
		assert.match(res.headers.get('content-type'), /xml/);
	});
});
