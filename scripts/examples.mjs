// The example workflows' shared fixtures: the sandbox they run against, the credentials
// they reference (by id), and what each must produce. Used by the e2e (real n8n), the
// engine tests and the demo, so every example is checked the same way everywhere.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { SANDBOX, startSandbox } from './sandbox.mjs';

// WeCom's own callback library (a devDependency) seals the test callbacks: an implementation
// independent of the package's.
const wecomCrypto = createRequire(import.meta.url)('@wecom/crypto');

export async function startExampleSandbox(options = {}) {
	return await startSandbox({ users: 200, departments: 15, seed: 1, scim: true, ...options });
}

/** Run i of an example: a check, optionally after an edit the user makes (the sticky note's next step). */
export function runSteps(check) {
	return check.runs.map((run) => (typeof run === 'function' ? { check: run } : run));
}

/** Set Sync Users / Sync Roles to Apply, as the sticky note says once the dry run looks right. */
export function setApply(workflow) {
	for (const node of workflow.nodes) if (node.parameters?.mode === 'dryRun') node.parameters.mode = 'apply';
}

/** Credentials in n8n's export format (import:credentials), matching the ids in examples/*.json. */
export function exampleCredentials(sandbox) {
	const { wecom, dingtalk, casdoor, scim } = sandbox;
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
		...(scim
			? [{ id: 'scimSandbox', name: 'SCIM (sandbox)', type: 'scimApi', data: { baseUrl: scim.url, authentication: 'bearerToken', token: scim.token } }]
			: []),
		{
			id: 'wecomSandboxCallback',
			name: 'WeCom callback (sandbox)',
			type: 'weComCallbackApi',
			data: { token: SANDBOX.weComCallbackToken, encodingAesSecretKey: SANDBOX.weComCallbackAesKey, corpId: wecom.corpId },
		},
		{
			id: 'dingtalkSandboxCallback',
			name: 'DingTalk callback (sandbox)',
			type: 'dingTalkCallbackApi',
			data: { token: SANDBOX.dingTalkCallbackToken, aesSecretKey: SANDBOX.dingTalkCallbackAesKey, appKey: dingtalk.appKey },
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

function syncCheck(provider, target = 'casdoor') {
	const idOf = (sandbox) => (provider === 'wecom' ? sandbox.wecom.corpId : sandbox.dingtalk.appKey);
	const targetUsers = (sandbox) => (target === 'casdoor' ? [...sandbox.casdoor.users.values()] : sandbox.scim.users());
	return {
		// Each sync example starts from an empty target.
		before: (sandbox) => (target === 'casdoor' ? sandbox.casdoor.users.clear() : sandbox.scim.reset?.()),
		runs: [
			(runData, sandbox) => {
				const fetched = outputOf(runData, 'Get All in Directory').length;
				const s = syncSummary(runData);
				assert.equal(fetched, sandbox[provider].state.users.size, 'every member fetched');
				assert.equal(s.created, fetched, 'the dry run plans to create every user');
				assert.equal(targetUsers(sandbox).length, 0, 'the dry run writes nothing');
				return `dry run as shipped: fetched ${fetched}, plan creates ${s.created}, nothing written`;
			},
			{
				edit: setApply,
				check: (runData, sandbox) => {
					const fetched = outputOf(runData, 'Get All in Directory').length;
					const s = syncSummary(runData);
					assert.equal(s.created, fetched, 'first applied sync creates every user');
					assert.equal(s.failed, 0);
					if (target === 'casdoor') {
						const owned = targetUsers(sandbox).filter((u) => u.properties?.source === `${provider}:${idOf(sandbox)}`);
						assert.equal(owned.length, fetched, 'Casdoor holds every mapped user, marked with the Source Name (the credential ID)');
					} else assert.equal(targetUsers(sandbox).length, fetched, 'the SCIM server holds every mapped user');
					return `Mode → Apply: created ${s.created}`;
				},
			},
			(runData) => {
				const s = syncSummary(runData);
				const writes = ['created', 'updated', 'forbidden', 'unforbidden', 'deactivated', 'reactivated', 'deleted'].reduce((sum, k) => sum + (s[k] ?? 0), 0);
				assert.equal(writes, 0, `a second sync writes nothing: ${JSON.stringify(s)}`);
				return `second applied run: ${s.unchanged} unchanged, 0 writes`;
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
	'wecom-scim-sync.json': syncCheck('wecom', 'scim'),
	'casdoor-sync-roles.json': {
		before: (sandbox) => {
			sandbox.casdoor.users.clear();
			sandbox.casdoor.roles?.clear?.();
		},
		runs: [
			(runData) => {
				const roles = outputOf(runData, 'Sync Roles');
				const summary = roles.find((j) => j.action === 'summary');
				assert.ok(summary, 'Sync Roles output a summary');
				assert.ok(summary.created > 0, `the dry run plans roles: ${JSON.stringify(summary)}`);
				return `dry run: plans ${summary.created} roles and ${syncSummary(runData).created} users, writes nothing`;
			},
			{
				edit: setApply,
				check: (runData) => {
					const summary = outputOf(runData, 'Sync Roles').find((j) => j.action === 'summary');
					assert.equal(summary.failed ?? 0, 0, JSON.stringify(summary));
					return `Apply: ${syncSummary(runData).created} users, ${summary.created} roles created`;
				},
			},
		],
	},
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
				for (const name of sandbox.dingtalk.state.hrm.resigned.slice(0, 3)) assert.equal(sandbox.casdoor.users.get(`${sandbox.casdoor.organization}/${name}`)?.isForbidden, true);
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

/**
 * The real-time examples: the callback WeCom / DingTalk would POST to the trigger's webhook,
 * signed and encrypted with the sandbox's callback secrets, and what must follow.
 */
export const realtimeChecks = {
	'wecom-realtime-sync.json': {
		trigger: 'WeCom Trigger',
		pick: (sandbox) => [...sandbox.wecom.state.users.values()].find((u) => u.status === 1 && u.enable === 1),
		before(sandbox) {
			this.user = this.pick(sandbox);
			sandbox.casdoor.users.clear();
		},
		delivery(sandbox) {
			const ts = String(Math.floor(Date.now() / 1000));
			const nonce = `n${Date.now()}`;
			const inner = `<xml><ToUserName><![CDATA[${sandbox.wecom.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[${this.user.userid}]]></UserID></xml>`;
			const encrypt = wecomCrypto.encrypt(SANDBOX.weComCallbackAesKey, inner, sandbox.wecom.corpId);
			return {
				query: { msg_signature: wecomCrypto.getSignature(SANDBOX.weComCallbackToken, ts, nonce, encrypt), timestamp: ts, nonce },
				body: `<xml><ToUserName><![CDATA[${sandbox.wecom.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
				contentType: 'text/xml',
			};
		},
		checkResponse(text) {
			assert.ok(['', 'success'].includes(text.trim()), `WeCom is answered 200 with an empty body or "success", not ${text.slice(0, 200)}`);
		},
		checkSandbox(sandbox) {
			const users = [...sandbox.casdoor.users.values()];
			assert.equal(users.length, 1, 'one Casdoor user upserted');
			assert.equal(users[0].properties?.source, `wecom:${sandbox.wecom.corpId}`);
			return `callback for ${this.user.userid} → Casdoor user ${users[0].name} upserted`;
		},
	},
	'dingtalk-realtime-sync.json': {
		trigger: 'DingTalk Trigger',
		before(sandbox) {
			this.users = [...sandbox.dingtalk.state.users.values()].slice(0, 2);
			sandbox.casdoor.users.clear();
		},
		delivery(sandbox) {
			const ts = String(Date.now());
			const nonce = `n${ts}`;
			const event = JSON.stringify({ EventType: 'user_modify_org', TimeStamp: ts, UserId: this.users.map((u) => u.userid), CorpId: 'dingsandboxcorp' });
			const encrypt = wecomCrypto.encrypt(SANDBOX.dingTalkCallbackAesKey, event, sandbox.dingtalk.appKey);
			return {
				query: { signature: wecomCrypto.getSignature(SANDBOX.dingTalkCallbackToken, ts, nonce, encrypt), timestamp: ts, nonce },
				body: JSON.stringify({ encrypt }),
				contentType: 'application/json',
			};
		},
		checkResponse(text) {
			const answer = JSON.parse(text);
			assert.equal(wecomCrypto.decrypt(SANDBOX.dingTalkCallbackAesKey, answer.encrypt).message, 'success', 'DingTalk is answered an encrypted "success"');
		},
		checkSandbox(sandbox) {
			const users = [...sandbox.casdoor.users.values()];
			assert.equal(users.length, 2, 'one Casdoor user per user in the event');
			assert.ok(users.every((u) => u.properties?.source === `dingtalk:${sandbox.dingtalk.appKey}`));
			return `callback for ${this.users.length} users → ${users.length} Casdoor users upserted`;
		},
	},
};

/**
 * The polling example: activated with a one-minute schedule (its note says to pick the
 * interval), it reads a baseline first; a member who joins after that is upserted into Casdoor
 * by the next poll.
 */
export const pollingChecks = {
	'wecom-directory-changes.json': {
		edit(workflow) {
			workflow.nodes.find((n) => n.name === 'WeCom Directory Changes').parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
		},
		/** The baseline poll has read the directory. */
		baselineRead: (sandbox, since) => sandbox.wecom.log.some((e) => e.at >= since && /\/user\/(list|list_id|simplelist)/.test(e.path)),
		change(sandbox) {
			const template = [...sandbox.wecom.state.users.values()].find((u) => u.status === 1 && u.enable === 1);
			sandbox.wecom.state.addUser({ ...template, userid: 'joinedafterbaseline', name: 'Joined After Baseline', mobile: '13911113333', email: 'joined.after@example.com', bizMail: undefined });
			sandbox.wecom.state.touch();
		},
		checkSandbox(sandbox) {
			const user = [...sandbox.casdoor.users.values()].find((u) => u.name === 'joinedafterbaseline');
			assert.ok(user, 'the member who joined after the baseline is in Casdoor');
			return 'baseline, then a member joins → the next poll upserts them into Casdoor';
		},
	},
};
