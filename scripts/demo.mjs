// `npm run demo`: the main job on the built-in sandbox, through n8n's own engine.
// Starts the WeCom sandbox with a sample org, runs "Get All in Directory" as an n8n
// workflow with the built package, and prints what came back.
import { node, runWorkflow } from '../test/harness/n8n.mjs';
import { startSandbox } from './sandbox.mjs';

const { wecom, org } = await startSandbox({ users: 300, departments: 20 });
try {
	const started = Date.now();
	const result = await runWorkflow({
		nodes: [
			node('weCom', { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'simplified' }, { name: 'Get All in Directory' }),
		],
		credentials: {
			weComApi: { corpId: wecom.corpId, secret: wecom.secrets.app, baseUrl: wecom.url, maxConcurrency: 10, callsPerMinute: 9000 },
		},
	});
	if (result.status !== 'success') throw new Error(result.error?.message ?? 'the workflow failed');
	const members = result.output('Get All in Directory');
	const count = (pred) => members.filter(pred).length;
	const byStatus = {};
	for (const m of members) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
	const departments = new Set(members.flatMap((m) => m.departments.map((d) => d.id)));
	const rows = [
		['Departments (with members)', `${departments.size} of ${org.departments.length}`],
		['Members', members.length],
		['  in several departments', count((m) => m.departments.length > 1)],
		['  active', byStatus.active ?? 0],
		['  disabled (status 2 or enable 0)', count((m) => m.status === 'disabled' || m.enabled === false)],
		['  not yet activated', byStatus.notActivated ?? 0],
		['  left the company', byStatus.left ?? 0],
		['  without email', count((m) => !m.email)],
		['  without mobile', count((m) => !m.mobile)],
		['API calls', wecom.log.length],
		['  gettoken', wecom.count('/cgi-bin/gettoken')],
		['  department/list', wecom.count('/cgi-bin/department/list')],
		['  user/list', wecom.count('/cgi-bin/user/list')],
		['  user/get (per-member calls)', wecom.count('/cgi-bin/user/get')],
		['Time', `${Date.now() - started} ms`],
	];
	const width = Math.max(...rows.map(([k]) => k.length));
	process.stdout.write('\nWeCom → Get All in Directory (sandbox, n8n engine)\n\n');
	for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
	const sample = members.find((m) => m.departments.length > 1) ?? members[0];
	process.stdout.write(`\nOne member as n8n sees it:\n${JSON.stringify(sample, null, 2)}\n`);
} finally {
	await wecom.close();
}
