// Measurement (not part of `npm test`): the DingTalk Trigger in Stream mode, run through
// n8n's engine against the gateway emulator under the field's failures — a `disconnect`
// frame every N seconds (half of them left open as zombies), random network drops, random
// silent connections, and 10% of events delivered again after their ack — and a count of
// how many times each event reached the workflow. Exactly once is the goal.
//
//   npm run build && node scripts/stream-measure.mjs [--minutes 10] [--disconnect-every 120]
//     [--events-per-second 2] [--drop-every 90] [--silence-every 300] [--redelivery 0.1] [--seed 1]
import { parseArgs } from 'node:util';

import { startStreamGateway } from '../test/emulators/dingtalkStream.mjs';
import { mulberry32 } from '../test/emulators/orgGenerator.mjs';
import { node } from '../test/harness/n8n.mjs';
import { activateTrigger } from '../test/harness/trigger.mjs';

const { values: args } = parseArgs({
	options: {
		minutes: { type: 'string', default: '10' },
		'disconnect-every': { type: 'string', default: '120' },
		'drop-every': { type: 'string', default: '90' },
		'silence-every': { type: 'string', default: '300' },
		'events-per-second': { type: 'string', default: '2' },
		redelivery: { type: 'string', default: '0.1' },
		'idle-seconds': { type: 'string', default: '60' },
		seed: { type: 'string', default: '1' },
	},
});
const num = (k) => Number(args[k]);
const random = mulberry32(num('seed'));
const log = (line) => process.stdout.write(`${line}\n`);

const gw = await startStreamGateway({ seed: num('seed'), settings: { pingEveryMs: 5000, redeliveryRate: num('redelivery') } });
const active = await activateTrigger({
	trigger: 'DingTalk Trigger',
	nodes: [node('dingTalkTrigger', { connection: 'stream', streamOptions: { idleSeconds: num('idle-seconds') } }, { name: 'DingTalk Trigger', typeVersion: 2 })],
	credentials: { dingTalkApi: { appKey: gw.appKey, appSecret: gw.appSecret, newApiBaseUrl: gw.url } },
});

const durationMs = num('minutes') * 60_000;
const start = Date.now();
const pushed = [];
const faults = { disconnects: 0, zombies: 0, drops: 0, silences: 0 };
const every = (seconds, fn) => (seconds > 0 ? setInterval(fn, seconds * 1000) : undefined);
// Poisson-ish arrivals at the given mean interval.
const jittered = (seconds, fn) => {
	if (!(seconds > 0)) return;
	const next = () => setTimeout(() => (Date.now() - start < durationMs ? (fn(), next()) : undefined), -Math.log(1 - random()) * seconds * 1000);
	next();
};
const timers = [
	every(num('disconnect-every'), () => {
		const zombie = random() < 0.5;
		faults.disconnects++;
		if (zombie) faults.zombies++;
		gw.disconnect({ close: !zombie });
	}),
	every(1 / num('events-per-second'), () => {
		const type = ['user_add_org', 'user_modify_org', 'user_leave_org', 'org_dept_create'][Math.floor(random() * 4)];
		const data = type.startsWith('org_') ? { timeStamp: Date.now(), deptId: [pushed.length] } : { timeStamp: Date.now(), userId: [`u${pushed.length}`] };
		pushed.push(gw.push(type, data));
	}),
];
jittered(num('drop-every'), () => {
	faults.drops++;
	gw.drop();
});
jittered(num('silence-every'), () => {
	faults.silences++;
	gw.silence();
});

await new Promise((resolve) => setTimeout(resolve, durationMs));
for (const t of timers) clearInterval(t);
log(`pushing stopped after ${pushed.length} events; waiting for every event to be acknowledged…`);
const drainUntil = Date.now() + 5 * 60_000;
while (!gw.allAcked() && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 200));
await active.settled();
await active.deactivate();
await new Promise((r) => setTimeout(r, 500)); // the close handshake

const count = new Map(pushed.map((id) => [id, 0]));
for (const run of active.runs) {
	const ids = new Set(run.output('DingTalk Trigger').map((item) => item.raw.EventId));
	for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
}
const missing = [...count].filter(([, n]) => n === 0).length;
const twice = [...count].filter(([, n]) => n > 1).length;
const deliveries = gw.log.deliveries.length;
const result = {
	minutes: num('minutes'),
	events: pushed.length,
	deliveries,
	redeliveries: deliveries - pushed.length,
	faults,
	connections: gw.log.connections.length,
	gatewayCalls: gw.log.opens.length,
	runs: active.runs.length,
	reachedOnce: [...count.values()].filter((n) => n === 1).length,
	missing,
	duplicated: twice,
	triggerErrors: active.errors.length,
	openSocketsAfterDeactivate: gw.openConnections().length,
};
log(JSON.stringify(result, null, 2));
log(missing === 0 && twice === 0 ? 'EXACTLY ONCE: every event reached the workflow exactly once' : 'FAILED: some events were lost or duplicated');
await gw.close();
process.exit(missing === 0 && twice === 0 ? 0 : 1);
