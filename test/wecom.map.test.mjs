// WeCom → Member → Map to IAM User through the engine: local (no WeCom call), one output
// item per input item with pairedItem, per-item validation with continue-on-fail.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { node, runWorkflow } from './harness/n8n.mjs';

// A stand-in WeCom that only counts: Map must never call it.
let wecomCalls = 0;
let wecom;
let baseUrl;
before(async () => {
	wecom = createServer((req, res) => {
		wecomCalls++;
		res.end('{"errcode":0,"access_token":"t","expires_in":7200}');
	});
	await new Promise((r) => wecom.listen(0, '127.0.0.1', r));
	baseUrl = `http://127.0.0.1:${wecom.address().port}`;
});
after(() => new Promise((r) => wecom.close(r)));

async function map(parameters, members, extra = {}) {
	return await runWorkflow({
		nodes: [node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', ...parameters }, { name: 'Map', ...extra })],
		credentials: { weComApi: { corpId: 'wwcorp42', secret: 'wecom-secret-000', baseUrl } },
		input: members.map((json) => ({ json })),
	});
}

const raw = { userid: 'zhangsan', name: '张三', department: [1, 2], position: 'PM', mobile: '13800000000', gender: '1', email: '', avatar: '', status: 1, enable: 1 };
const simplified = { userid: 'lisi', name: '李四', departments: [{ id: 2, name: 'R&D', path: 'Acme / R&D' }], gender: 'female', status: 'notActivated', enabled: true };

test('maps raw and simplified members, one item each with pairedItem, without calling WeCom', async () => {
	const run = await map({ sourceName: 'hq' }, [raw, simplified]);
	assert.equal(run.status, 'success', run.error?.message);
	assert.equal(wecomCalls, 0);
	const [zs, ls] = run.output('Map');
	assert.deepEqual(zs, {
		owner: 'acme',
		name: 'zhangsan',
		id: 'zhangsan',
		externalId: 'zhangsan',
		displayName: '张三',
		phone: '13800000000',
		title: 'PM',
		gender: 'Male',
		isForbidden: false,
		wecom: 'zhangsan',
		properties: { source: 'wecom:hq' },
	});
	assert.deepEqual([ls.gender, ls.isForbidden], ['Female', true]);
	assert.deepEqual(run.items('Map').map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
});

test('Source Name defaults to the credential\'s Corp ID; options reach the mapping', async () => {
	const run = await map(
		{ mapOptions: { groups: 'departmentPath', treatNotActivatedAsActive: true, nameRule: 'keep' } },
		[{ ...simplified, userid: 'li.si@x' }],
	);
	assert.equal(run.status, 'success', run.error?.message);
	const [user] = run.output('Map');
	assert.equal(user.properties.source, 'wecom:wwcorp42');
	assert.deepEqual(user.groups, ['acme/Acme > R&D']);
	assert.equal(user.isForbidden, false);
	assert.equal(user.name, 'li.si@x');
	assert.equal(wecomCalls, 0);
});

test('a member without userid fails its item: error output with pairedItem, or the node stops', async () => {
	const run = await map({ sourceName: 'hq' }, [raw, { name: 'nobody' }, simplified], { onError: 'continueErrorOutput' });
	assert.equal(run.status, 'success');
	assert.deepEqual(run.output('Map', 0).map((u) => u.name), ['zhangsan', 'lisi']);
	const [failed] = run.items('Map', 1);
	assert.match(failed.json.error, /Invalid "userid"/);
	assert.deepEqual(failed.pairedItem, { item: 1 });
	const stopped = await map({ sourceName: 'hq' }, [raw, { name: 'nobody' }]);
	assert.equal(stopped.status, 'error');
	assert.match(stopped.error.message, /Invalid "userid"/);
});

test('with a Source Name, Map needs no credential at all: the router builds no WeCom client for it', async () => {
	const run = await runWorkflow({
		nodes: [node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'hq' }, { name: 'Map' })],
		credentials: {},
		input: [{ json: raw }],
	});
	assert.equal(run.status, 'success', run.error?.message);
	assert.equal(run.output('Map')[0].name, 'zhangsan');
});
