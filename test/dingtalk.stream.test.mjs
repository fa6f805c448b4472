// DingTalk Trigger, Connection = Stream, through n8n's engine (test/harness/trigger.mjs:
// the TriggerContext and TriggersAndPollers n8n activates triggers with) against the
// Stream gateway emulator (test/emulators/dingtalkStream.mjs, checked against DingTalk's
// own SDK in dingtalk.stream.sdk.test.mjs). Each known field failure has its test.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { startStreamGateway } from './emulators/dingtalkStream.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { activateTrigger, withoutWebSocket } from './harness/trigger.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (what, fn, ms = 8000) => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await fn()) return;
		await sleep(20);
	}
	assert.fail(`timed out waiting for ${what}`);
};

describe('DingTalk Trigger — Stream', () => {
	let gw;
	let active;
	const credentials = () => ({ dingTalkApi: { appKey: gw.appKey, appSecret: gw.appSecret, newApiBaseUrl: gw.url, baseUrl: gw.url } });
	const triggerNode = (parameters = {}) => node('dingTalkTrigger', { connection: 'stream', ...parameters }, { name: 'DingTalk Trigger', typeVersion: 2 });
	const activate = async (parameters = {}, extra = {}) => {
		active = await activateTrigger({ trigger: 'DingTalk Trigger', nodes: [triggerNode(parameters)], credentials: credentials(), ...extra });
		await waitFor('registered', () => gw.openConnections().length > 0);
		return active;
	};
	const outputs = (a) => a.runs.flatMap((r) => r.output('DingTalk Trigger'));

	before(async () => {
		gw = await startStreamGateway({ settings: { pingEveryMs: 200 } });
	});
	afterEach(async () => {
		await active?.deactivate();
		active = undefined;
		gw.set({ redeliveryRate: 0, ackTimeoutMs: 3000, paused: false, failOpens: 0, ticketTtlMs: 90_000 });
		for (const e of gw.events.values()) e.acked = true;
	});
	after(async () => {
		await gw.close();
	});

	test('a new node connects by Stream (the default of version 2) and events become the same items as HTTP mode', async () => {
		active = await activateTrigger({
			trigger: 'DingTalk Trigger',
			nodes: [node('dingTalkTrigger', {}, { name: 'DingTalk Trigger', typeVersion: 2 })],
			credentials: credentials(),
		});
		await waitFor('registered', () => gw.openConnections().length > 0);
		const open = gw.log.opens.at(-1);
		assert.deepEqual(open.subscriptions, [{ type: 'EVENT', topic: '*' }]);
		assert.match(open.accept, /application\/json/);
		const born = 1767225600000;
		const e1 = gw.push('user_add_org', { timeStamp: born, userId: ['u1', 'u2'] }, { bornTime: born });
		const e2 = gw.push('org_dept_remove', { timeStamp: born, deptId: [42] }, { bornTime: born });
		gw.push('label_user_change', { timeStamp: born, userId: ['u9'] }); // not a contact event this node listens to
		await waitFor('two runs', () => active.runs.length === 2);
		await waitFor('all acked', () => gw.allAcked());
		const items = outputs(active);
		assert.deepEqual(
			items.map(({ raw, ...rest }) => rest),
			[
				{ event: 'user_add_org', corpId: 'dingcorp-stream-1', timeStamp: born, occurredAt: new Date(born).toISOString(), userId: 'u1' },
				{ event: 'user_add_org', corpId: 'dingcorp-stream-1', timeStamp: born, occurredAt: new Date(born).toISOString(), userId: 'u2' },
				{ event: 'org_dept_remove', corpId: 'dingcorp-stream-1', timeStamp: born, occurredAt: new Date(born).toISOString(), departmentId: 42 },
			],
		);
		assert.equal(items[0].raw.EventId, e1);
		assert.equal(items[2].raw.stream.eventId, e2);
		const acks = gw.log.acks.filter((a) => a.eventId === e1);
		assert.deepEqual(acks.map((a) => [a.status, a.code, a.contentType]), [['SUCCESS', 200, 'application/json']]);
		await waitFor('a ping answered', () => gw.log.pongs.some((p) => p.code === 200));
	});

	test('idle watchdog: a connection that goes silent is replaced, and events flow on the new one', async () => {
		await activate({ streamOptions: { idleSeconds: 1 } });
		const connections = gw.log.connections.length;
		gw.silence();
		const id = gw.push('user_modify_org', { timeStamp: Date.now(), userId: ['u5'] });
		await waitFor('a new connection', () => gw.log.connections.length > connections, 4000);
		await waitFor('the event', () => active.runs.length === 1);
		assert.equal(outputs(active)[0].userId, 'u5');
		await waitFor('the ack', () => gw.events.get(id).acked);
		const silent = gw.log.connections[connections - 1];
		await waitFor('the silent socket closed by the trigger', () => silent.closedAt !== undefined, 3000);
	});

	test('zombie after disconnect: the trigger reconnects at once and closes the old socket itself', async () => {
		await activate({ streamOptions: { idleSeconds: 30 } });
		await sleep(1200); // a healthy connection: registered and alive a while
		const connections = gw.log.connections.length;
		const old = gw.log.connections.at(-1);
		// A backoff would wait its whole ceiling (1 s), so "at once" is told from it by a wide
		// margin even on a loaded machine.
		const random = Math.random;
		Math.random = () => 1;
		const t0 = Date.now();
		try {
			gw.disconnect({ close: false }); // the server never closes it
			await waitFor('a new connection', () => gw.log.connections.length > connections, 3000);
		} finally {
			Math.random = random;
		}
		assert.ok(Date.now() - t0 < 900, `reconnected after ${Date.now() - t0} ms`);
		await waitFor('the zombie closed by the trigger', () => old.closedAt !== undefined, 3000);
		const id = gw.push('user_add_org', { timeStamp: Date.now(), userId: ['z1'] });
		await waitFor('the event on the new connection', () => gw.events.get(id).acked && active.runs.length === 1);
	});

	test('reconnect backoff: 1 s doubling with jitter while the gateway fails, not a storm', async () => {
		await activate();
		const opens = gw.log.opens.length;
		gw.set({ failOpens: 3 });
		gw.drop();
		await waitFor('connected again', () => gw.log.opens.length >= opens + 4 && gw.openConnections().length > 0, 15000);
		const times = gw.log.opens.slice(opens, opens + 4).map((o) => o.at);
		const gaps = times.slice(1).map((t, i) => t - times[i]);
		// attempt n waits between half and all of 1 s × 2^n
		assert.ok(gaps[0] >= 900 && gaps[0] <= 2300, `gaps ${gaps}`);
		assert.ok(gaps[1] >= 1900 && gaps[1] <= 4300, `gaps ${gaps}`);
		assert.ok(gaps[1] > gaps[0], `gaps ${gaps}`);
	});

	test('redelivered events (lost or slow acks) start the workflow once', async () => {
		await activate();
		gw.set({ redeliveryRate: 1 });
		const a = gw.push('user_add_org', { timeStamp: Date.now(), userId: ['r1'] });
		await waitFor('acked', () => gw.events.get(a).acked && gw.events.get(a).deliveries === 2);
		gw.set({ redeliveryRate: 0, ackTimeoutMs: 0 }); // every ack arrives "too late"
		const b = gw.push('user_add_org', { timeStamp: Date.now(), userId: ['r2'] });
		await waitFor('delivered three times', () => gw.events.get(b).deliveries >= 3, 8000);
		gw.set({ ackTimeoutMs: 3000 });
		await waitFor('acked', () => gw.events.get(b).acked, 8000);
		await active.settled();
		assert.deepEqual(outputs(active).map((i) => i.userId), ['r1', 'r2']);
	});

	test('ticket expiry: a refused ticket is followed by a new gateway call, never a reused ticket', async () => {
		gw.set({ ticketTtlMs: -1 });
		active = await activateTrigger({ trigger: 'DingTalk Trigger', nodes: [triggerNode()], credentials: credentials() });
		await waitFor('a refused ticket', () => gw.log.rejectedTickets.length > 0);
		gw.set({ ticketTtlMs: 90_000 });
		await waitFor('connected', () => gw.openConnections().length > 0, 6000);
		assert.ok(gw.log.rejectedTickets.every((r) => r.problem === 'ticket expired'));
	});

	test('deactivation closes the socket and ends the loop: no reconnect afterwards', async () => {
		await activate();
		const t0 = Date.now();
		await active.deactivate();
		assert.ok(Date.now() - t0 < 1500, 'closeFunction returns promptly');
		active = undefined;
		await waitFor('no open socket', () => gw.openConnections().length === 0, 2000);
		const opens = gw.log.opens.length;
		const connections = gw.log.connections.length;
		await sleep(2500);
		assert.equal(gw.log.opens.length, opens, 'no gateway call after deactivation');
		assert.equal(gw.log.connections.length, connections, 'no connection after deactivation');
	});

	test('20001 (paused for overuse) fails activation with the reason; later it stops the trigger with the same', async () => {
		gw.set({ paused: true });
		await assert.rejects(
			activateTrigger({ trigger: 'DingTalk Trigger', nodes: [triggerNode()], credentials: credentials() }),
			(error) => /20001/.test(error.message) && /paused/.test(error.message) && /Directory Changes/.test(error.message),
		);
		gw.set({ paused: false });
		await activate();
		gw.set({ paused: true });
		const opens = gw.log.opens.length;
		gw.drop();
		await waitFor('the error reported', () => active.errors.length === 1, 5000);
		assert.match(active.errors[0].message, /20001/);
		await sleep(2000);
		assert.equal(gw.log.opens.length, opens + 1, 'no retry loop after 20001');
	});

	test('a refused credential fails activation and names the fix', async () => {
		await assert.rejects(
			activateTrigger({ trigger: 'DingTalk Trigger', nodes: [triggerNode()], credentials: { dingTalkApi: { appKey: gw.appKey, appSecret: 'wrong-secret-000000', newApiBaseUrl: gw.url } } }),
			(error) => /App Key and App Secret/.test(error.message) && !error.message.includes('wrong-secret-000000'),
		);
	});

	test('without a global WebSocket, activation fails naming Node.js 22 / n8n 2.10 and the HTTP Callback alternative', async () => {
		await withoutWebSocket(async () => {
			await assert.rejects(
				activateTrigger({ trigger: 'DingTalk Trigger', nodes: [triggerNode()], credentials: credentials() }),
				(error) => /Node\.js 22/.test(error.message) && /n8n 2\.10/.test(error.message) && /HTTP Callback/.test(error.message),
			);
		});
		assert.equal(gw.openConnections().length, 0);
	});

	test('"Listen for test event": a manual run waits for one event, outputs it, and closes the connection', async () => {
		const run = runWorkflow({ nodes: [triggerNode()], credentials: credentials(), mode: 'manual' });
		await waitFor('registered', () => gw.openConnections().length > 0);
		gw.push('user_leave_org', { timeStamp: Date.now(), userId: ['m1'] });
		const result = await run;
		assert.equal(result.status, 'success');
		const [item] = result.output('DingTalk Trigger');
		assert.equal(item.userId, 'm1');
		assert.equal(item.lastKnownProfile, null, 'a leaver says the node has no profile');
		assert.match(item.lastKnownProfileNote, /has not seen this member/);
		await waitFor('closed after the run', () => gw.openConnections().length === 0, 3000);
	});
});
