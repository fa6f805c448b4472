// `npm run sandbox`: the WeCom, DingTalk and Casdoor emulators as standalone servers with a
// sample organisation, so a real n8n can be pointed at them (credential Base URL = the
// printed URL). Ctrl+C stops them.
//   npm run sandbox -- --users 500 --departments 30 --port 8801   (DingTalk +1, Casdoor +2)
import { startCasdoorEmulator } from '../test/emulators/casdoor.mjs';
import { startDingTalkEmulator } from '../test/emulators/dingtalk.mjs';
import { generateOrg } from '../test/emulators/orgGenerator.mjs';
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
	casdoorOrganization: 'acme',
	casdoorClientId: 'sandbox-casdoor-client-id',
	casdoorClientSecret: 'sandbox-casdoor-client-secret-000000000000',
};

export async function startSandbox({ users = 200, departments = 15, port = 0, seed = 1, latencyMs = 2 } = {}) {
	const org = generateOrg({ users, departments, seed });
	const next = (offset) => (port ? port + offset : 0);
	const wecom = await startWeComEmulator({
		org,
		port: next(0),
		corpId: SANDBOX.corpId,
		contactsSecret: SANDBOX.contactsSecret,
		appSecret: SANDBOX.appSecret,
		agentId: Number(SANDBOX.agentId),
		latencyMs,
		jitterMs: latencyMs,
	});
	const dingtalk = await startDingTalkEmulator({
		org,
		port: next(1),
		appKey: SANDBOX.dingTalkAppKey,
		appSecret: SANDBOX.dingTalkAppSecret,
		latencyMs,
		jitterMs: latencyMs,
	});
	const casdoor = await startCasdoorEmulator({
		port: next(2),
		organization: SANDBOX.casdoorOrganization,
		clientId: SANDBOX.casdoorClientId,
		clientSecret: SANDBOX.casdoorClientSecret,
	});
	return {
		org,
		wecom,
		dingtalk,
		casdoor,
		async close() {
			await Promise.all([wecom.close(), dingtalk.close(), casdoor.close()]);
		},
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const sandbox = await startSandbox({
		users: Number(arg('users', 200)),
		departments: Number(arg('departments', 15)),
		port: Number(arg('port', 8801)),
	});
	const { wecom, dingtalk, casdoor, org } = sandbox;
	const lines = [
		`Sandbox is running: ${org.departments.length} departments, ${org.users.length} members (the same people in WeCom and DingTalk).`,
		'',
		'WeCom (企业微信) API credential',
		`  Base URL                 ${wecom.url}`,
		`  Corp ID                  ${wecom.corpId}`,
		`  Secret (self-built app)  ${wecom.secrets.app}    reads`,
		`  Secret (contacts sync)   ${wecom.secrets.contacts}    writes, ID listing`,
		`  Agent ID                 ${SANDBOX.agentId}    application messages`,
		'',
		'DingTalk API credential',
		`  Base URL                 ${dingtalk.url}`,
		`  App Key                  ${dingtalk.appKey}`,
		`  App Secret               ${dingtalk.appSecret}`,
		`  New API Base URL         ${dingtalk.url}    HR Roster (resigned, roster fields)`,
		`  Agent ID (HR Roster)     ${dingtalk.state.hrm.agentId}`,
		'',
		'Casdoor API credential',
		`  Endpoint                 ${casdoor.url}`,
		`  Client ID                ${casdoor.clientId}`,
		`  Client Secret            ${casdoor.clientSecret}`,
		`  Organization             ${casdoor.organization}`,
		'',
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
