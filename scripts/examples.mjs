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
			data: { appKey: dingtalk.appKey, appSecret: dingtalk.appSecret, qpsPlan: 20, qps: 20, baseUrl: dingtalk.url, newApiBaseUrl: dingtalk.url },
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

/** HR rows → Sync Members / Sync Users From Input: Dry Run plans, Apply writes, new people welcomed; a re-run changes nothing. */
function hrOnboardingCheck(provider) {
	const wecom = provider === 'wecom';
	const user = (sandbox, id) => sandbox[provider].state.users.get(id);
	const departmentsOf = (u) => [...(wecom ? u.departments : u.deptIds)];
	const actions = (runData, name) => outputOf(runData, name).filter((j) => j.action !== 'summary');
	const summary = (runData, name) => outputOf(runData, name).find((j) => j.action === 'summary');
	return {
		before: (sandbox) => {
			for (const id of ['new.hire.001', 'new.hire.002']) if (user(sandbox, id)) sandbox[provider].state.removeUser(id);
		},
		runs: [
			(runData, sandbox) => {
				const planned = actions(runData, 'Plan (Dry Run)').filter((a) => a.action !== 'skip');
				assert.deepEqual(planned.map((a) => `${a.userid}:${a.action}:${a.status}`).sort(), [
					'new.hire.001:create:planned',
					'new.hire.002:create:planned',
					'u00001:update:planned',
					'u00011:move:planned',
				]);
				const plan = summary(runData, 'Plan (Dry Run)');
				assert.equal(plan.invalidInputs, 1);
				if (wecom) assert.ok(plan.removalsHeld > 0, 'leavers are held: the rows are not declared the complete source');
				const invalid = outputOf(runData, 'Rows to Fix (report to HR)');
				assert.equal(invalid.length, 1, 'the invalid row goes to the error output');
				assert.match(invalid[0].error, /User ID/);
				const done = actions(runData, 'Apply').filter((a) => a.action !== 'skip');
				assert.ok(done.every((a) => a.status === 'done'), JSON.stringify(done));
				assert.equal(done.length, 4);
				const applied = summary(runData, 'Apply');
				assert.deepEqual([applied.created, applied.updated, applied.moved, applied.failed], [2, 1, 1, 0]);
				const platform = [...sandbox[provider].state.departments.values()].find((d) => d.name === '平台组');
				assert.ok(platform && platform.parentId === 3, 'the department named by path was created below 后端组');
				assert.deepEqual(departmentsOf(user(sandbox, 'new.hire.001')), [platform.id]);
				assert.deepEqual(departmentsOf(user(sandbox, 'u00011')), [12]);
				assert.equal(wecom ? user(sandbox, 'u00001').position : user(sandbox, 'u00001').title, '行政主管');
				const welcomed = outputOf(runData, wecom ? 'Welcome Message' : 'New Users (welcome them)');
				assert.equal(welcomed.length, 2, 'only the two new people are welcomed');
				assert.ok(welcomed.every((j) => !j.error), JSON.stringify(welcomed));
				return 'planned and applied: 2 created (one in a new department), 1 updated, 1 moved, 1 invalid row reported, 2 welcomed';
			},
			(runData) => {
				const applied = summary(runData, 'Apply');
				assert.deepEqual([applied.created, applied.updated, applied.moved, applied.failed], [0, 0, 0, 0], 'a re-run writes nothing');
				assert.ok(!runData[wecom ? 'Welcome Message' : 'New Users (welcome them)'], 'and welcomes nobody twice');
				return 're-run: nothing to write, no duplicate welcome';
			},
		],
	};
}

export const exampleChecks = {
	'wecom-casdoor-sync.json': syncCheck('wecom'),
	'dingtalk-casdoor-sync.json': syncCheck('dingtalk'),
	'dingtalk-hr-resigned.json': {
		// Three of the resigned employees still have a Casdoor account (named by their DingTalk userid).
		before: (sandbox) => {
			for (const name of sandbox.dingtalk.state.hrm.resigned.slice(0, 3)) sandbox.casdoor.seedUser({ name, displayName: name });
		},
		runs: [
			(runData, sandbox) => {
				const resigned = outputOf(runData, 'Resigned Employees');
				assert.equal(resigned.length, sandbox.dingtalk.state.hrm.resigned.length, 'the whole resigned list');
				assert.ok(resigned.every((r) => r.userid && r.lastWorkDay), 'with the last work day');
				const forbidden = outputOf(runData, 'Forbid in Casdoor');
				assert.deepEqual(forbidden.map((j) => j.action), ['forbidden', 'forbidden', 'forbidden']);
				for (const name of sandbox.dingtalk.state.hrm.resigned.slice(0, 3)) assert.equal(sandbox.casdoor.users.get(`acme/${name}`)?.isForbidden, true);
				assert.equal(outputOf(runData, 'No Casdoor Account').length, resigned.length - 3);
				return `${resigned.length} resigned: 3 forbidden in Casdoor, ${resigned.length - 3} without an account`;
			},
			(runData) => {
				assert.deepEqual(outputOf(runData, 'Forbid in Casdoor').map((j) => j.action), ['unchanged', 'unchanged', 'unchanged']);
				return 're-run: nothing changed';
			},
		],
	},
	'hr-onboarding.json': hrOnboardingCheck('wecom'),
	'hr-onboarding-dingtalk.json': hrOnboardingCheck('dingtalk'),
};
