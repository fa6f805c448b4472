// `npm run sandbox`: the WeCom emulator as a standalone server with a sample org, so a real
// n8n can be pointed at it (credential Base URL = the printed URL). Ctrl+C stops it.
//   npm run sandbox -- --users 500 --departments 30 --port 8801
import { generateOrg } from '../test/emulators/orgGenerator.mjs';
import { startWeComEmulator } from '../test/emulators/wecom.mjs';

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

export const SANDBOX = {
	corpId: 'wwsandbox0000000001',
	contactsSecret: 'sandbox-contacts-sync-secret-0000000000000',
	appSecret: 'sandbox-self-built-app-secret-000000000000',
};

export async function startSandbox({ users = 200, departments = 15, port = 0, seed = 1 } = {}) {
	const org = generateOrg({ users, departments, seed });
	const wecom = await startWeComEmulator({
		org,
		port,
		corpId: SANDBOX.corpId,
		contactsSecret: SANDBOX.contactsSecret,
		appSecret: SANDBOX.appSecret,
		latencyMs: 2,
		jitterMs: 2,
	});
	return { wecom, org };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { wecom, org } = await startSandbox({
		users: Number(arg('users', 200)),
		departments: Number(arg('departments', 15)),
		port: Number(arg('port', 8801)),
	});
	const lines = [
		'WeCom sandbox is running.',
		'',
		`  Base URL                 ${wecom.url}`,
		`  Corp ID                  ${wecom.corpId}`,
		`  Self-built app secret    ${wecom.secrets.app}    (reads: departments, members)`,
		`  Contacts-sync secret     ${wecom.secrets.contacts}    (writes, member ID listing)`,
		`  Agent ID                 ${wecom.options.agentId}    (with the app secret: application messages)`,
		'',
		`  Org: ${org.departments.length} departments, ${org.users.length} members.`,
		'  In n8n: create a "WeCom (企业微信) API" credential with these values.',
		'  These are sandbox secrets, not real ones. Press Ctrl+C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = async () => {
		await wecom.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
