// Get All in Directory → Output "Compact (for Large Directories)": smaller items (no
// per-department order, extended/external profile, QR code, thumbnail, department names)
// that map to exactly the IAM users Raw maps to, with every mapping option that reads the
// member (groups by ID and by path, roles off), for WeCom and DingTalk.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { dingTalkCredentials } from './helpers/dingtalk.mjs';
import { weComCredentials } from './helpers.mjs';

const CASES = [
	{ label: 'WeCom', type: 'weCom', resource: 'member', dropped: ['order', 'extattr', 'external_profile', 'qr_code', 'thumb_avatar', 'department_names'] },
	{ label: 'DingTalk', type: 'dingTalk', resource: 'user', dropped: ['dept_order_list', 'department_names'] },
];

for (const c of CASES) {
	describe(`${c.label}: Compact output`, () => {
		let emu;
		let credentials;
		before(async () => {
			const org = generateOrg({ users: 80, departments: 8, seed: 21 });
			if (c.type === 'weCom') {
				emu = await startWeComEmulator({ org });
				credentials = { weComApi: weComCredentials(emu) };
			} else {
				emu = await startDingTalkEmulator({ org });
				credentials = dingTalkCredentials(emu);
			}
		});
		after(async () => await emu.close());

		const fetchAndMap = async (output, groups) =>
			await runWorkflow({
				credentials,
				nodes: [
					node(c.type, { resource: c.resource, operation: 'getAllInDirectory', returnAll: true, output }, { name: 'Get All' }),
					node(c.type, { resource: c.resource, operation: 'mapToIamUser', organization: 'acme', sourceName: 'hq', mapOptions: { groups } }, { name: 'Map' }),
				],
			});

		test('maps to the same IAM users as Raw, by department ID and by path, with smaller items', async () => {
			for (const groups of ['departmentId', 'departmentPath']) {
				const raw = await fetchAndMap('raw', groups);
				const compact = await fetchAndMap('compact', groups);
				assert.equal(raw.status, 'success', raw.error?.message);
				assert.equal(compact.status, 'success', compact.error?.message);
				// Each read has its own ID; everything else is the same.
				const withoutReadId = (users) => users.map(({ directoryRead, ...u }) => ({ ...u, directoryRead: { ...directoryRead, id: undefined } }));
				assert.deepEqual(withoutReadId(compact.output('Map')), withoutReadId(raw.output('Map')), `same IAM users (groups by ${groups})`);
				assert.ok(compact.output('Map').some((u) => (u.groups ?? []).length > 0), 'groups were mapped');
				const rawItems = raw.output('Get All');
				const compactItems = compact.output('Get All');
				assert.equal(compactItems.length, rawItems.length);
				assert.ok(compactItems.every((m) => Array.isArray(m.department_paths) && c.dropped.every((k) => !(k in m))), 'dropped fields are gone, paths stay');
				assert.ok(compactItems.every((m) => m.directoryRead?.complete === true), 'the read mark travels');
				const size = (items) => items.reduce((a, m) => a + JSON.stringify(m).length, 0);
				assert.ok(size(compactItems) < size(rawItems) * 0.9, `compact ${size(compactItems)} bytes vs raw ${size(rawItems)}`);
			}
		});
	});
}
