// DingTalk → User → Map to IAM User through the engine, fed by Get All in Directory:
// seed 002's table (job_number → name falling back to userid, active → !isForbidden),
// empty fields omitted, no DingTalk call for the mapping itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { dingTalkCredentials } from './helpers/dingtalk.mjs';

let emu;
before(async () => {
	emu = await startDingTalkEmulator({ org: generateOrg({ users: 60, departments: 6, seed: 5 }) });
});
after(async () => {
	await emu.close();
});

async function fetchAndMap(mapParams = {}) {
	return await runWorkflow({
		nodes: [
			node('dingTalk', { resource: 'user', operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' }),
			node('dingTalk', { resource: 'user', operation: 'mapToIamUser', organization: 'acme', sourceName: 'hq', ...mapParams }, { name: 'Map' }),
		],
		credentials: dingTalkCredentials(emu),
	});
}

test('seed 002 mapping for every user of the directory, and Map itself makes no call', async () => {
	emu.clearLog();
	const run = await fetchAndMap({ mapOptions: { groups: 'departmentId' } });
	assert.equal(run.status, 'success', run.error?.message);
	const fetched = run.output('Get All');
	const callsForFetch = emu.log.length;
	const mapped = run.output('Map');
	assert.equal(mapped.length, fetched.length);
	assert.equal(emu.log.length, callsForFetch, 'mapping called nothing');
	run.items('Map').forEach((item, i) => assert.equal(item.pairedItem.item, i));
	for (const [i, user] of fetched.entries()) {
		const m = mapped[i];
		assert.equal(m.id, user.userid);
		assert.equal(m.externalId, user.userid);
		assert.equal(m.dingtalk, user.userid);
		assert.equal(m.displayName, user.name);
		const expectedName = user.job_number ? user.job_number : user.userid;
		if (/^[a-zA-Z0-9]+([-._][a-zA-Z0-9]+)*$/.test(expectedName)) assert.equal(m.name, expectedName);
		assert.equal(m.isForbidden, user.active === false);
		for (const [from, to] of [['email', 'email'], ['avatar', 'avatar'], ['title', 'title']]) {
			if (user[from]) assert.equal(m[to], user[from]);
			else assert.ok(!(to in m), `${to} omitted when empty`);
		}
		assert.ok(m.phone === undefined || user.mobile.endsWith(m.phone) || m.phone.endsWith(user.mobile));
		assert.equal(m.properties.source, 'dingtalk:hq');
		assert.deepEqual([...m.groups].sort(), user.dept_id_list.map((d) => `acme/${d}`).sort());
	}
	assert.ok(fetched.some((u) => !u.job_number), 'the org has users without a job number (fallback covered)');
	assert.ok(fetched.some((u) => u.active === false), 'the org has inactive users (forbidden covered)');
});

test('user name from unionid or userid on request', async () => {
	const byUnion = (await fetchAndMap({ mapOptions: { nameSource: 'unionid', nameRule: 'keep' } })).output('Map');
	const fetched = (await fetchAndMap()).output('Get All');
	byUnion.forEach((m, i) => assert.equal(m.name, fetched[i].unionid || fetched[i].userid));
	const byUserid = (await fetchAndMap({ mapOptions: { nameSource: 'userid', nameRule: 'keep' } })).output('Map');
	byUserid.forEach((m, i) => assert.equal(m.name, fetched[i].userid));
});

test('source name falls back to the App Key', async () => {
	const mapped = (await fetchAndMap({ sourceName: '' })).output('Map');
	assert.ok(mapped.every((m) => m.properties.source === `dingtalk:${emu.appKey}`));
});

test('options given as expressions are read per item (options without one are read once per run)', async () => {
	// Users of the first half go to organization "east", the others to "west"; groups by ID for "west" only.
	const run = await fetchAndMap({
		organization: '={{ $itemIndex % 2 === 0 ? "east" : "west" }}',
		sourceName: '={{ "hq-" + ($itemIndex % 2) }}',
		mapOptions: { groups: '={{ $itemIndex % 2 === 0 ? "none" : "departmentId" }}' },
	});
	assert.equal(run.status, 'success', run.error?.message);
	const mapped = run.output('Map');
	assert.ok(mapped.length > 10);
	for (const [i, m] of mapped.entries()) {
		assert.equal(m.owner, i % 2 === 0 ? 'east' : 'west', `item ${i}`);
		assert.equal(m.properties.source, `dingtalk:hq-${i % 2}`, `item ${i}`);
		assert.equal(m.groups === undefined, i % 2 === 0, `item ${i}: groups only for "west"`);
	}
});
