// The DingTalk credential's "Test connection" request and rules, and the node's department
// pickers, driven the way n8n's editor drives them.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { loadOptions, loadPackage, nodeTypes } from './harness/n8n.mjs';
import { calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

const require = createRequire(import.meta.url);
const { Workflow } = require('n8n-workflow');

/** Resolve the credential's test request with n8n's expression engine, send it, apply the rules. */
async function testConnection(credentials) {
	const loader = await loadPackage();
	const type = loader.getCredential('dingTalkApi').type;
	const node = dingTalk({});
	const workflow = new Workflow({ id: 't', nodes: [node], connections: {}, active: false, nodeTypes: await nodeTypes() });
	const resolve = (v) => (typeof v === 'string' && v.startsWith('=') ? workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '') : v);
	const { request, rules } = type.test;
	const url = new URL(`${resolve(request.baseURL)}${request.url}`);
	for (const [k, v] of Object.entries(request.qs)) url.searchParams.set(k, resolve(v));
	const body = await fetch(url, { method: request.method }).then((r) => r.json());
	const failed = rules.find((rule) => body[rule.properties.key] === rule.properties.value);
	return { body, message: failed?.properties.message };
}

describe('DingTalk credential and pickers', () => {
	const org = generateOrg({ users: 40, departments: 9, seed: 3 });
	let emu;
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500 });
	});
	after(async () => emu.close());

	test('Test connection: gettoken with the key and secret in the query string; each documented refusal has a fix', async () => {
		const ok = await testConnection({ ...dingTalkCredentials(emu).dingTalkApi, baseUrl: `${emu.url}/` });
		assert.equal(ok.body.errcode, 0);
		assert.equal(ok.message, undefined);
		const wrongSecret = await testConnection({ ...dingTalkCredentials(emu).dingTalkApi, appSecret: 'wrong' });
		assert.match(wrongSecret.message, /40089.*App Key or App Secret is wrong/);
		const wrongKey = await testConnection({ ...dingTalkCredentials(emu).dingTalkApi, appKey: 'other' });
		assert.match(wrongKey.message, /40096/);
		const empty = await testConnection({ ...dingTalkCredentials(emu).dingTalkApi, appSecret: '' });
		assert.match(empty.message, /40035.*empty/);
	});

	test('the department picker lists every department with its path and filters by path or ID', async () => {
		emu.clearLog();
		const pick = (filter) =>
			loadOptions({
				node: dingTalk({ resource: 'user', operation: 'getMany' }),
				credentials: dingTalkCredentials(emu),
				kind: 'listSearch',
				method: 'searchDepartments',
				filter,
			});
		const all = await pick();
		assert.equal(all.results.length, org.departments.length);
		assert.equal(all.results[0].name, 'Acme Corp (1)');
		const child = org.departments.find((d) => d.parentId === 1);
		assert.ok(all.results.some((r) => r.name === `Acme Corp / ${child.name} (${child.id})` && r.value === String(child.id)));
		const filtered = await pick(child.name.toLowerCase());
		assert.ok(filtered.results.length >= 1 && filtered.results.every((r) => r.name.toLowerCase().includes(child.name.toLowerCase())));
		assert.deepEqual((await pick(String(child.id))).results.map((r) => r.value).includes(String(child.id)), true);
		assert.equal(calls(emu, 'v2/department/listsub').length, org.departments.length, 'typing in the picker does not walk the tree again');

		const options = await loadOptions({
			node: dingTalk({ resource: 'user', operation: 'create' }),
			credentials: dingTalkCredentials(emu),
			kind: 'loadOptions',
			method: 'getDepartments',
		});
		assert.equal(options.length, org.departments.length);
		assert.deepEqual(options[0], { name: 'Acme Corp (1)', value: 1 });
	});
});
