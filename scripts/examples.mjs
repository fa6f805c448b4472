// The example workflows' shared fixtures: the sandbox they run against, the credentials
// they reference (by id), and what each must produce. Used by the e2e (real n8n), the
// engine tests and the demo, so every example is checked the same way everywhere.
import assert from 'node:assert/strict';

import { SANDBOX, startSandbox } from './sandbox.mjs';

export async function startExampleSandbox(options = {}) {
	return await startSandbox({ users: 200, departments: 15, seed: 1, ...options });
}

/** Credentials in n8n's export format (import:credentials), matching the ids in examples/*.json. */
export function exampleCredentials(sandbox) {
	const { wecom, dingtalk, casdoor } = sandbox;
	return [
		{
			id: 'wecomSandboxApp',
			name: 'WeCom self-built app (sandbox)',
			type: 'weComApi',
			data: { corpId: wecom.corpId, secret: wecom.secrets.app, agentId: SANDBOX.agentId, baseUrl: wecom.url, maxConcurrency: 10, callsPerMinute: 9000, timeoutSeconds: 30 },
		},
		{
			id: 'wecomSandboxContacts',
			name: 'WeCom contacts sync (sandbox)',
			type: 'weComApi',
			data: { corpId: wecom.corpId, secret: wecom.secrets.contacts, agentId: '', baseUrl: wecom.url, maxConcurrency: 10, callsPerMinute: 9000, timeoutSeconds: 30 },
		},
		{
			id: 'dingtalkSandbox',
			name: 'DingTalk (sandbox)',
			type: 'dingTalkApi',
			data: { appKey: dingtalk.appKey, appSecret: dingtalk.appSecret, qpsPlan: 20, qps: 20, baseUrl: dingtalk.url, newApiBaseUrl: 'https://api.dingtalk.com' },
		},
		{
			id: 'casdoorSandbox',
			name: 'Casdoor (sandbox)',
			type: 'casdoorApi',
			data: { endpoint: casdoor.url, clientId: casdoor.clientId, clientSecret: casdoor.clientSecret, organization: casdoor.organization },
		},
	];
}

/** Credentials keyed by type for the engine harness (first of each type, or by id). */
export function harnessCredentials(sandbox, ids) {
	const out = {};
	for (const c of exampleCredentials(sandbox)) if (ids ? ids.includes(c.id) : !(c.type in out)) out[c.type] = c.data;
	return out;
}

/** Items of a node's output from n8n run data (CLI JSON or the harness's runData). */
export function outputOf(runData, nodeName, index = 0) {
	const task = runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run`);
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
	return (task.data?.main?.[index] ?? []).map((item) => item.json);
}

function syncSummary(runData) {
	const summary = outputOf(runData, 'Sync Users').find((j) => j.action === 'summary');
	assert.ok(summary, 'Sync Users output a summary');
	return summary;
}

function syncCheck(provider) {
	return {
		// Each sync example starts from an empty Casdoor organization.
		before: (sandbox) => sandbox.casdoor.users.clear(),
		runs: [
			(runData, sandbox) => {
				const fetched = outputOf(runData, 'Get All in Directory').length;
				const s = syncSummary(runData);
				assert.equal(fetched, sandbox[provider].state.users.size, 'every member fetched');
				assert.equal(s.created, fetched, 'first sync creates every user');
				assert.equal(s.failed, 0);
				const owned = [...sandbox.casdoor.users.values()].filter((u) => u.properties?.source === `${provider}:acme-${provider}`);
				assert.equal(owned.length, fetched, 'Casdoor holds every mapped user');
				return `fetched ${fetched}, created ${s.created}, forbidden-on-create ${owned.filter((u) => u.isForbidden).length}`;
			},
			(runData) => {
				const s = syncSummary(runData);
				assert.equal(s.created + s.updated + s.forbidden + s.deleted + s.unforbidden, 0, 'a second sync writes nothing');
				return `second run: ${s.unchanged} unchanged, 0 writes`;
			},
		],
	};
}

export const exampleChecks = {
	'wecom-casdoor-sync.json': syncCheck('wecom'),
	'dingtalk-casdoor-sync.json': syncCheck('dingtalk'),
	'hr-onboarding.json': {
		before: (sandbox) => {
			for (const id of ['new.hire.001', 'new.hire.002']) sandbox.wecom.state.removeUser(id);
		},
		runs: [
			(runData, sandbox) => {
				const created = outputOf(runData, 'Create Member');
				const failed = outputOf(runData, 'Create Member', 1);
				assert.deepEqual(created.map((j) => `${j.userid}:${j.action}`).sort(), ['new.hire.001:created', 'new.hire.002:created', 'u00001:skipped']);
				assert.equal(failed.length, 1, 'the invalid row goes to the error output');
				assert.match(failed[0].error, /User ID/);
				const report = outputOf(runData, 'Failed Rows (report to HR)');
				assert.equal(report.length, 1);
				const welcomed = outputOf(runData, 'Welcome Message');
				assert.equal(welcomed.length, 2, 'only the two new members are welcomed');
				assert.ok(welcomed.every((j) => !j.error), JSON.stringify(welcomed));
				assert.ok(sandbox.wecom.state.users.has('new.hire.001') && sandbox.wecom.state.users.has('new.hire.002'));
				return 'created 2, skipped 1 existing, 1 invalid row reported, 2 welcome messages';
			},
			(runData) => {
				const created = outputOf(runData, 'Create Member');
				assert.deepEqual(created.map((j) => j.action).sort(), ['skipped', 'skipped', 'skipped'], 'a re-run creates nobody twice');
				assert.ok(!runData['Welcome Message'], 'and welcomes nobody twice');
				return 're-run: all 3 skipped, no duplicate welcome';
			},
		],
	},
};
