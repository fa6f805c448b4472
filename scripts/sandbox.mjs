// `npm run sandbox`: the WeCom, DingTalk, Casdoor and SCIM emulators as standalone servers
// with a sample organisation, so a real n8n can be pointed at them (credential Base URL =
// the printed URL). Ctrl+C stops them.
//   npm run sandbox -- --users 500 --departments 30 --port 8801   (DingTalk +1, Casdoor +2, SCIM +3)
//   npm run sandbox -- --host 0.0.0.0    listen on every interface (n8n in Docker, another machine);
//                                        URLs are printed with host.docker.internal unless --url-host is given
import { hostname } from 'node:os';

import { startCasdoorEmulator } from '../test/emulators/casdoor.mjs';
import { startDingTalkEmulator } from '../test/emulators/dingtalk.mjs';
import { generateOrg } from '../test/emulators/orgGenerator.mjs';
import { startScimEmulator } from '../test/emulators/scim.mjs';
import { startWeComEmulator } from '../test/emulators/wecom.mjs';

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

/** Fixed sandbox values, so an n8n credential keeps working across restarts. Not real secrets. */
export const SANDBOX = {
	corpId: 'wwsandbox0000000001',
	contactsSecret: 'sandbox-contacts-sync-secret-0000000000000',
	appSecret: 'sandbox-self-built-app-secret-000000000000',
	agentId: '1000002',
	dingTalkAppKey: 'dingsandboxappkey0001',
	dingTalkAppSecret: 'sandbox-dingtalk-app-secret-00000000000000000000',
	casdoorOrganization: 'my-organization',
	casdoorClientId: 'sandbox-casdoor-client-id',
	casdoorClientSecret: 'sandbox-casdoor-client-secret-000000000000',
	scimToken: 'sandbox-scim-bearer-token-0000000000000000',
	// Callback (trigger) credentials: what the WeCom / DingTalk console would generate.
	weComCallbackToken: 'sandboxWeComToken01',
	weComCallbackAesKey: 'SandboxWeComAesKey0123456789abcdefghijklmno',
	dingTalkCallbackToken: 'sandboxDingTalkToken01',
	dingTalkCallbackAesKey: 'SandboxDingTalkAesKey0123456789abcdefghijkl',
};

export async function startSandbox({ users = 200, departments = 15, port = 0, seed = 1, latencyMs = 2, host, urlHost, scim = false } = {}) {
	const org = generateOrg({ users, departments, seed });
	const next = (offset) => (port ? port + offset : 0);
	const where = { host, urlHost };
	const started = [];
	try {
		return await startAll();
	} catch (error) {
		await Promise.all(started.map((s) => s.close()));
		throw error;
	}

	async function startAll() {
		const wecom = await startWeComEmulator({
			...where,
			org,
			port: next(0),
			corpId: SANDBOX.corpId,
			contactsSecret: SANDBOX.contactsSecret,
			appSecret: SANDBOX.appSecret,
			agentId: Number(SANDBOX.agentId),
			// Three tags made in the admin console, for Sync Roles (tags → roles).
			tags: [
				{ tagid: 1, tagname: 'Team Leads', users: org.users.filter((_, i) => i % 10 === 0).map((u) => u.userid) },
				{ tagid: 2, tagname: 'On Call', users: org.users.filter((_, i) => i % 7 === 0).map((u) => u.userid) },
				{ tagid: 3, tagname: 'Finance Approvers', users: org.users.slice(0, 3).map((u) => u.userid) },
			],
			latencyMs,
			jitterMs: latencyMs,
		});
		started.push(wecom);
		const dingtalk = await startDingTalkEmulator({
			...where,
			org,
			port: next(1),
			appKey: SANDBOX.dingTalkAppKey,
			appSecret: SANDBOX.dingTalkAppSecret,
			latencyMs,
			jitterMs: latencyMs,
		});
		started.push(dingtalk);
		const casdoor = await startCasdoorEmulator({
			...where,
			port: next(2),
			organization: SANDBOX.casdoorOrganization,
			clientId: SANDBOX.casdoorClientId,
			clientSecret: SANDBOX.casdoorClientSecret,
		});
		started.push(casdoor);
		const scimServer = scim ? await startScimEmulator({ ...where, port: next(3), token: SANDBOX.scimToken }) : undefined;
		if (scimServer) started.push(scimServer);
		return {
			org,
			wecom,
			dingtalk,
			casdoor,
			scim: scimServer,
			async close() {
				await Promise.all(started.map((s) => s.close()));
			},
		};
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const host = arg('host', '127.0.0.1');
	const everywhere = host === '0.0.0.0' || host === '::';
	const urlHost = arg('url-host', everywhere ? 'host.docker.internal' : host);
	const port = Number(arg('port', 8801));
	let sandbox;
	try {
		sandbox = await startSandbox({
			users: Number(arg('users', 200)),
			departments: Number(arg('departments', 15)),
			port,
			host,
			urlHost,
			scim: true,
		});
	} catch (error) {
		if (error.code === 'EADDRINUSE') {
			process.stderr.write(
				`Port ${error.port ?? `${port}–${port + 3}`} is already in use (another sandbox still running?).\n` +
					`Stop it, or start this one on other ports: npm run sandbox -- --port ${port + 10}\n`,
			);
		} else if (error.code === 'EADDRNOTAVAIL') {
			process.stderr.write(`This machine has no address ${host}. Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).\n`);
		} else throw error;
		process.exit(1);
	}
	const { wecom, dingtalk, casdoor, scim, org } = sandbox;
	const lines = [
		`Sandbox is running: ${org.departments.length} departments, ${org.users.length} members (the same people in WeCom and DingTalk).`,
		`Listening on ${host}${everywhere ? ` (every interface; URLs below use ${urlHost} — the name n8n in Docker uses for this machine; --url-host changes it, e.g. --url-host ${hostname()})` : ''}.`,
		'',
		'WeCom (企业微信) API credential',
		`  Base URL                 ${wecom.url}`,
		`  Corp ID                  ${wecom.corpId}`,
		`  Secret (self-built app)  ${wecom.secrets.app}    reads`,
		`  Secret (contacts sync)   ${wecom.secrets.contacts}    writes, ID listing`,
		`  Agent ID                 ${SANDBOX.agentId}    application messages`,
		'',
		'DingTalk (钉钉) API credential',
		`  App Key                  ${dingtalk.appKey}`,
		`  App Secret               ${dingtalk.appSecret}`,
		`  Base URL                 ${dingtalk.url}    oapi.dingtalk.com: users, departments, roles`,
		`  New API Base URL         ${dingtalk.url}    api.dingtalk.com: HR Roster (resigned, roster fields)`,
		`  Agent ID (HR Roster)     ${dingtalk.state.hrm.agentId}`,
		'',
		'Casdoor API credential',
		`  Endpoint                 ${casdoor.url}`,
		`  Client ID                ${casdoor.clientId}`,
		`  Client Secret            ${casdoor.clientSecret}`,
		`  Organization             ${casdoor.organization}`,
		'',
		'SCIM 2.0 API credential',
		`  Base URL                 ${scim.url}`,
		'  Authentication           Bearer Token',
		`  Token                    ${scim.token}`,
		'',
		'WeCom (企业微信) Callback API credential (WeCom Trigger)',
		`  Token                    ${SANDBOX.weComCallbackToken}`,
		`  EncodingAESKey           ${SANDBOX.weComCallbackAesKey}`,
		`  Corp ID                  ${wecom.corpId}`,
		'',
		'DingTalk (钉钉) Callback API credential (DingTalk Trigger)',
		`  Token                    ${SANDBOX.dingTalkCallbackToken}`,
		`  AES Key                  ${SANDBOX.dingTalkCallbackAesKey}`,
		`  App Key or Corp ID       ${dingtalk.appKey}`,
		'',
		'The emulators do not call webhooks themselves: to fire a trigger, POST a signed, encrypted',
		'callback to its Production URL (scripts/e2e.mjs shows how, with these secrets).',
		'These are sandbox values, not real secrets. Press Ctrl+C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
