// `npm run demo`: the main job on the built-in sandbox, through n8n's own engine.
// Starts the sandbox (WeCom, DingTalk and Casdoor emulators with a 300-person org), runs
// the example workflow "WeCom → Casdoor: scheduled user sync" with the built package as
// shipped (Dry Run), then in Apply twice, changes the directory a little, and syncs again.
// Leaves nothing behind (the engine's temporary folder is removed on exit).
import { readFileSync } from 'node:fs';

import { runWorkflow } from '../test/harness/n8n.mjs';
import { exampleCredentials, outputOf, setApply, startExampleSandbox } from './examples.mjs';

const workflow = JSON.parse(readFileSync(new URL('../examples/wecom-casdoor-sync.json', import.meta.url), 'utf8'));
workflow.nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
const sandbox = await startExampleSandbox({ users: 300, departments: 20, latencyMs: 2 });
const credentials = Object.fromEntries(exampleCredentials(sandbox).map((c) => [c.id, c.data]));

async function sync(label) {
	sandbox.wecom.clearLog();
	sandbox.casdoor.clearLog();
	const started = Date.now();
	const result = await runWorkflow({ nodes: workflow.nodes, connections: workflow.connections, credentials });
	if (result.status !== 'success') throw new Error(result.error?.message ?? 'the workflow failed');
	const members = outputOf(result.runData, 'Get All in Directory');
	const summary = outputOf(result.runData, 'Sync Users').find((j) => j.action === 'summary');
	return {
		label,
		departments: new Set(members.flatMap((m) => m.department)).size,
		members: members.length,
		created: summary.created,
		updated: summary.updated,
		forbidden: summary.forbidden,
		unforbidden: summary.unforbidden,
		unchanged: summary.unchanged,
		failed: summary.failed,
		'WeCom calls': sandbox.wecom.log.length,
		'Casdoor calls': sandbox.casdoor.log.length,
		ms: Date.now() - started,
	};
}

function table(rows) {
	const keys = Object.keys(rows[0]);
	const width = Math.max(...keys.map((k) => k.length));
	const col = Math.max(...rows.map((r) => String(r.label).length), 8);
	const line = (k) => `  ${k.padEnd(width)}  ${rows.map((r) => String(r[k]).padStart(col)).join('  ')}`;
	return [line('label'), ...keys.filter((k) => k !== 'label').map(line)].join('\n');
}

try {
	const rows = [];
	rows.push(await sync('dry run'));
	setApply(workflow);
	rows.push(await sync('1st sync'));
	rows.push(await sync('2nd sync'));
	// A day in the directory: one member leaves, one is disabled, one changes title, one joins.
	const users = [...sandbox.wecom.state.users.values()].filter((u) => u.status === 1 && u.enable === 1);
	sandbox.wecom.state.removeUser(users[0].userid);
	users[1].enable = 0;
	users[2].position = 'Head of Platform';
	sandbox.wecom.state.addUser({ ...users[3], userid: 'new.joiner.001', mobile: '13911112222', email: 'new.joiner@acme.example.com', bizMail: undefined });
	sandbox.wecom.state.touch();
	rows.push(await sync('after changes'));
	process.stdout.write(
		`\nWeCom → Casdoor: scheduled user sync (examples/wecom-casdoor-sync.json), run by n8n's engine on the sandbox\n\n${table(rows)}\n\n` +
			'The example ships in Dry Run: the plan (every user to create), nothing written. Set to Apply, the 1st\n' +
			'sync creates them and the 2nd writes nothing (1 Casdoor read). Then one member leaves, one is disabled,\n' +
			'one gets a new title and one joins; the next sync writes exactly that: 1 created (the joiner), 2 updated\n' +
			'(the new title, and the disabled member now forbidden), 1 forbidden (the leaver: removal policy "forbid").\n\n' +
			'Next: the same in your own n8n. Run `npm run sandbox`, create the credentials it prints, import\n' +
			'examples/wecom-casdoor-sync.json (Workflows → Import from File) and click Execute workflow.\n' +
			'Installing the package into n8n: README.md → Install.\n',
	);
} finally {
	await sandbox.close();
}
