// The Casdoor node's user and group operations, run through n8n's engine with the built
// package against the Casdoor emulator.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const SEED = [
	{ name: 'alice', displayName: 'Alice', email: 'alice@acme.com', phone: '13800000001', countryCode: 'CN', title: 'CTO', id: 'u-alice' },
	{ name: 'bob', displayName: 'Bob', email: 'bob@acme.com', title: 'Engineer' },
];

async function withEmu(fn, options = {}) {
	const emu = await startCasdoorEmulator({ users: SEED, ...options });
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

function creds(emu, extra = {}) {
	return { casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme', ...extra } };
}

async function casdoor(emu, parameters, input = [{ json: {} }], { creds: credExtra, ...extra } = {}) {
	return await runWorkflow({ nodes: [node('casdoor', parameters, { name: 'C', ...extra })], credentials: creds(emu, credExtra), input });
}

const items = (...list) => list.map((json) => ({ json }));
const user = (params) => ({ resource: 'user', ...params });

test('Get: by name, email, phone and user ID; a miss fails the item (continue-on-fail, error output, pairedItem)', async () => {
	await withEmu(async (emu) => {
		for (const [findBy, value] of [['name', 'alice'], ['email', 'alice@acme.com'], ['phone', '13800000001'], ['userId', 'u-alice']]) {
			const run = await casdoor(emu, user({ operation: 'get', findBy, value }));
			assert.equal(run.status, 'success', findBy);
			assert.equal(run.output('C')[0].name, 'alice', findBy);
		}
		const run = await casdoor(
			emu,
			user({ operation: 'get', findBy: 'name', value: '={{$json.n}}' }),
			items({ n: 'alice' }, { n: 'ghost' }, { n: 'bob' }),
			{ onError: 'continueErrorOutput' },
		);
		assert.deepEqual(run.output('C', 0).map((u) => u.name), ['alice', 'bob']);
		const [failed] = run.items('C', 1);
		assert.match(failed.json.error, /no user with name "ghost"/);
		assert.deepEqual(failed.pairedItem, { item: 1 });
		assert.deepEqual(run.items('C', 0).map((i) => i.pairedItem), [{ item: 0 }, { item: 2 }]);
	});
});

test('Get Many: Return All pages with p/pageSize until the total; Limit asks for one page; search is passed through', async () => {
	const users = Array.from({ length: 230 }, (_, i) => ({ name: `user${i}` }));
	await withEmu(async (emu) => {
		const all = await casdoor(emu, user({ operation: 'getMany', returnAll: true }));
		assert.equal(all.output('C').length, 230);
		const pages = emu.log.filter((e) => e.path === '/api/get-users');
		assert.deepEqual(pages.map((e) => [e.query.p, e.query.pageSize]), [['1', '100'], ['2', '100'], ['3', '100']]);
		emu.clearLog();
		const some = await casdoor(emu, user({ operation: 'getMany', returnAll: false, limit: 3 }));
		assert.equal(some.output('C').length, 3);
		assert.deepEqual([emu.count(), emu.log[0].query.pageSize], [1, '3']);
		emu.clearLog();
		const found = await casdoor(emu, user({ operation: 'getMany', returnAll: true, filters: { field: 'name', value: 'user22' } }));
		assert.deepEqual(found.output('C').map((u) => u.name).sort(), ['user22', 'user220', 'user221', 'user222', 'user223', 'user224', 'user225', 'user226', 'user227', 'user228', 'user229']);
		assert.deepEqual([emu.log[0].query.field, emu.log[0].query.value], ['name', 'user22']);
	}, { users });
});

test('Create: from the input item or from fields; an invalid name fails before any call; a duplicate fails per item', async () => {
	await withEmu(async (emu) => {
		const mapped = { owner: 'acme', name: 'carol', displayName: 'Carol', email: 'carol@acme.com', isForbidden: false, properties: { source: 'wecom:x' }, userid: 'ignored' };
		const run = await casdoor(
			emu,
			user({ operation: 'create', userData: 'item' }),
			items(mapped, { name: 'bad name' }, { name: 'dave', email: 'alice@acme.com' }, { name: 'erin' }),
			{ onError: 'continueErrorOutput' },
		);
		assert.deepEqual(run.output('C', 0).map((r) => [r.action, r.name]), [['created', 'carol'], ['created', 'erin']]);
		const errors = run.items('C', 1);
		assert.deepEqual(errors.map((e) => e.pairedItem), [{ item: 1 }, { item: 2 }]);
		assert.match(errors[0].json.error, /not a valid Casdoor user name/);
		assert.match(errors[1].json.error, /Email already exists/);
		assert.equal(emu.count('/api/add-user'), 3, 'the invalid name cost no call');
		const carol = emu.user('carol');
		assert.deepEqual([carol.email, carol.type, carol.properties.source, carol.userid], ['carol@acme.com', 'normal-user', 'wecom:x', undefined]);

		const fields = await casdoor(
			emu,
			user({ operation: 'create', userData: 'fields', userName: 'frank', displayName: 'Frank', additionalFields: { title: 'Ops', groups: 'ops, acme/dev', password: 'Secret-123' } }),
		);
		assert.equal(fields.output('C')[0].action, 'created');
		assert.equal(fields.output('C')[0].user.password, undefined, 'the password is not echoed');
		assert.deepEqual(emu.user('frank').groups, ['acme/ops', 'acme/dev']);
		assert.equal(emu.user('frank').password, 'Secret-123');
	});
});

test('Update: always sends columns (only the given fields), so nothing else is zeroed', async () => {
	await withEmu(async (emu) => {
		const run = await casdoor(emu, user({ operation: 'update', userData: 'fields', userName: 'alice', displayName: '', additionalFields: { title: 'CEO' } }));
		assert.equal(run.status, 'success');
		assert.deepEqual(run.output('C')[0], { action: 'updated', owner: 'acme', name: 'alice', columns: ['title'] });
		const call = emu.log.find((e) => e.path === '/api/update-user');
		assert.equal(call.query.columns, 'title');
		assert.equal(call.query.id, 'acme/alice');
		const alice = emu.user('alice');
		assert.deepEqual([alice.title, alice.email, alice.phone, alice.displayName], ['CEO', 'alice@acme.com', '13800000001', 'Alice']);

		emu.clearLog();
		const fromItems = await casdoor(
			emu,
			user({ operation: 'update', userData: 'item' }),
			items({ name: 'bob', title: 'Lead', email: '' }, { name: 'ghost', title: 'x' }),
			{ onError: 'continueRegularOutput' },
		);
		assert.deepEqual(emu.log.map((e) => e.query.columns), ['title', 'title'], 'empty email not sent');
		assert.equal(emu.user('bob').email, 'bob@acme.com');
		assert.match(fromItems.output('C')[1].error, /doesn't exist/);
	});
});

test('Create or Update (upsert): add when missing, write only changed columns, no write when unchanged', async () => {
	await withEmu(async (emu) => {
		const params = user({ operation: 'upsert', userData: 'item' });
		const run = await casdoor(emu, params, items({ name: 'alice', title: 'CTO', email: 'alice@acme.com' }, { name: 'bob', title: 'Staff Engineer', email: 'bob@acme.com' }, { name: 'gina', displayName: 'Gina' }));
		assert.deepEqual(run.output('C').map((r) => r.action), ['unchanged', 'updated', 'created']);
		assert.deepEqual(run.output('C')[1].columns, ['title']);
		const writes = emu.log.filter((e) => e.method === 'POST').map((e) => `${e.path} ${e.query.columns ?? ''}`.trim());
		assert.deepEqual(writes, ['/api/update-user title', '/api/add-user']);
		assert.equal(emu.count('/api/get-user'), 3);
	});
});

test('Forbid and Unforbid write only isForbidden; "Unaffected" is no change, not an error', async () => {
	await withEmu(async (emu) => {
		const forbid = await casdoor(emu, user({ operation: 'forbid', userName: 'bob' }));
		assert.deepEqual(forbid.output('C')[0], { action: 'forbidden', owner: 'acme', name: 'bob' });
		assert.equal(emu.user('bob').isForbidden, true);
		assert.equal(emu.user('bob').email, 'bob@acme.com');
		assert.equal(emu.log.at(-1).query.columns, 'isForbidden');
		const again = await casdoor(emu, user({ operation: 'forbid', userName: 'bob' }));
		assert.equal(again.status, 'success');
		assert.equal(again.output('C')[0].action, 'unchanged');
		const unforbid = await casdoor(emu, user({ operation: 'unforbid', userName: 'bob' }));
		assert.equal(unforbid.output('C')[0].action, 'unforbidden');
		assert.equal(emu.user('bob').isForbidden, false);
	});
});

test('Delete: deletes; a missing user is "notFound", not a failure', async () => {
	await withEmu(async (emu) => {
		const run = await casdoor(emu, user({ operation: 'delete', userName: '={{$json.n}}' }), items({ n: 'bob' }, { n: 'ghost' }));
		assert.equal(run.status, 'success');
		assert.deepEqual(run.output('C').map((r) => r.action), ['deleted', 'notFound']);
		assert.equal(emu.user('bob'), undefined);
	});
});

test('a wrong secret fails the node once with the fix, even with continue-on-fail, and never shows the secret', async () => {
	await withEmu(async (emu) => {
		const run = await casdoor(emu, user({ operation: 'get', findBy: 'name', value: 'alice' }), items({}, {}, {}), {
			onError: 'continueErrorOutput',
			creds: { clientSecret: 'wrong-secret-value-99' },
		});
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /Unauthorized operation/);
		assert.match(run.error.description, /Client ID and Client Secret/);
		assert.equal(emu.count(), 1, 'reported once, not per item');
		assert.ok(!JSON.stringify(run.run.data).includes('wrong-secret-value-99'));
		assert.equal(emu.log[0].auth, 'basic', 'credentials go as HTTP Basic, not in the URL');
	});
});

test('a wrong Endpoint URL (the web app answers HTML) is a configuration error with the fix', async () => {
	await withEmu(async (emu) => {
		const run = await casdoor(emu, user({ operation: 'get', findBy: 'name', value: 'alice' }), undefined, { creds: { endpoint: `${emu.url}/login` } });
		assert.equal(run.status, 'error');
		assert.match(run.error.description, /Endpoint URL/);
	});
});

test('a 502 or a reset is retried', async () => {
	await withEmu(async (emu) => {
		emu.injectFaults({ kind: 'http', status: 502, path: '/api/get-user' }, { kind: 'reset', path: '/api/get-user' });
		const run = await casdoor(emu, user({ operation: 'get', findBy: 'name', value: 'alice' }));
		assert.equal(run.status, 'success');
		assert.equal(emu.count('/api/get-user'), 3);
	});
});

const departments = [
	{ id: 1, name: 'Acme', parentid: 0, path: 'Acme' },
	{ id: 2, name: 'R&D', parentid: 1, path: 'Acme / R&D' },
	{ id: 3, name: '销售/亚太', parentid: 1, path: 'Acme / 销售/亚太' },
	{ id: 4, name: 'Web', parentid: 2, path: 'Acme / R&D / Web' },
];

test('Group Create or Update by department id: parent links kept, unchanged not written, other columns kept', async () => {
	await withEmu(async (emu) => {
		const params = { resource: 'group', operation: 'upsert', groupNaming: 'departmentId' };
		const first = await casdoor(emu, params, items(...departments));
		assert.deepEqual(first.output('C').map((g) => [g.action, g.name, g.parentId, g.isTopGroup]), [
			['created', '1', '', true],
			['created', '2', '1', false],
			['created', '3', '1', false],
			['created', '4', '2', false],
		]);
		emu.groups.get('acme/2').manager = 'alice';
		emu.clearLog();
		const renamed = departments.map((d) => (d.id === 2 ? { ...d, name: 'Research' } : d));
		const second = await casdoor(emu, params, items(...renamed, { name: 'no id' }), { onError: 'continueRegularOutput' });
		assert.deepEqual(second.output('C').slice(0, 4).map((g) => g.action), ['unchanged', 'updated', 'unchanged', 'unchanged']);
		assert.match(second.output('C')[4].error, /not a department/);
		assert.deepEqual(emu.log.map((e) => e.path), ['/api/get-groups', '/api/update-group']);
		assert.deepEqual([emu.groups.get('acme/2').displayName, emu.groups.get('acme/2').manager], ['Research', 'alice']);
	});
});

test('Group Create or Update by path: valid names matching the mapping, parents by path', async () => {
	await withEmu(async (emu) => {
		const run = await casdoor(emu, { resource: 'group', operation: 'upsert', groupNaming: 'departmentPath' }, items(...departments));
		assert.equal(run.status, 'success');
		const names = run.output('C').map((g) => g.name);
		assert.deepEqual(names.slice(0, 2), ['Acme', 'Acme > R&D']);
		assert.match(names[2], /^Acme > 销售_亚太-[0-9a-f]{8}$/);
		assert.deepEqual(run.output('C').map((g) => g.parentId), ['', 'Acme', 'Acme', 'Acme > R&D']);
		const list = await casdoor(emu, { resource: 'group', operation: 'getMany', returnAll: true });
		assert.equal(list.output('C').length, 4);
	});
});
