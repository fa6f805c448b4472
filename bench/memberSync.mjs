// HR rows → WeCom (Sync Members, Apply): a 10k-member directory, an HR export of every member
// with 1% of them changed. The budget: one directory read (department/list once, user/list
// once per department) and one write per change; a second run writes nothing.
import { node, runWorkflow } from '../test/harness/n8n.mjs';
import { hostEmulator } from './host.mjs';

const WRITES = ['/cgi-bin/user/create', '/cgi-bin/user/update', '/cgi-bin/user/delete', '/cgi-bin/department/create'];

/**
 * @param {string} label
 * @param {{users: number, departments: number}} size
 * @param {{latencyMs?: number, concurrency?: number, measured?: (fn: () => Promise<unknown>) => Promise<{value: any, ms: number}>}} [options]
 */
export async function memberSyncCase(label, size, { latencyMs = 0, concurrency = 10, measured } = {}) {
	const wecom = await hostEmulator('wecom', { org: { ...size, seed: 11 }, options: { latencyMs, concurrencyCap: concurrency } });
	try {
		// The HR export: every member as the directory has them (what an unchanged HR system says) …
		const rows = await wecom.eval(`
			return [...emu.state.users.values()].map((u) => ({
				userid: u.userid, name: u.name, mobile: u.mobile ?? '', email: u.email ?? '', position: u.position ?? '',
				departments: u.departments.join('; '), enabled: String(u.enable !== 0),
			}));`);
		// … with 1% of them changed.
		const changed = Math.max(1, Math.round(size.users / 100));
		const step = Math.floor(rows.length / changed);
		for (let n = 0; n < changed; n++) rows[n * step].position = `Changed ${n}`;
		const credentials = { weComApi: { corpId: wecom.corpId, secret: wecom.secrets.contacts, baseUrl: wecom.url, maxConcurrency: concurrency, callsPerMinute: 9000 } };
		const nodes = [
			node(
				'weCom',
				{ resource: 'member', operation: 'syncMembers', mode: 'apply', managedDepartments: '1', columns: { mappingMode: 'autoMapInputData', value: null }, syncOptions: {} },
				{ name: 'Sync' },
			),
		];
		const input = rows.map((json) => ({ json }));
		await wecom.clearLog();
		const run = async () => await runWorkflow({ nodes, credentials, input });
		const first = measured ? await measured(run) : { value: await run(), ms: NaN };
		if (first.value.status !== 'success') throw new Error(first.value.error?.message);
		const summary = first.value.output('Sync').find((j) => j.action === 'summary');
		const calls = (await wecom.stats()).byPath;
		const departmentLists = calls['/cgi-bin/department/list'] ?? 0;
		const memberLists = calls['/cgi-bin/user/list'] ?? 0;
		const writes = WRITES.reduce((a, p) => a + (calls[p] ?? 0), 0);
		const otherCalls = Object.entries(calls)
			.filter(([p]) => ![...WRITES, '/cgi-bin/department/list', '/cgi-bin/user/list', '/cgi-bin/gettoken'].includes(p))
			.reduce((a, [, n]) => a + n, 0);
		await wecom.clearLog();
		const second = await run();
		if (second.status !== 'success') throw new Error(second.error?.message);
		const again = (await wecom.stats()).byPath;
		const secondWrites = WRITES.reduce((a, p) => a + (again[p] ?? 0), 0);
		return {
			provider: 'wecom-member-sync',
			case: label,
			users: size.users,
			departments: size.departments,
			changed,
			ms: Math.round(first.ms),
			updated: summary.updated,
			departmentLists,
			memberLists,
			writes,
			otherCalls,
			secondRunWrites: secondWrites,
			callBudget: `1 department/list + ${size.departments} user/list + ${changed} writes`,
			withinBudget: departmentLists === 1 && memberLists <= size.departments && otherCalls === 0 && writes === changed && secondWrites === 0,
		};
	} finally {
		await wecom.close();
	}
}
