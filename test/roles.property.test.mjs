// Property: whatever happens to tag / role membership in the directory, the workflow
// Tag (Role) → Get Many → Get Members → Casdoor Sync Roles leaves each synced Casdoor role
// with exactly the Casdoor users of its tag's members, empties the roles of tags that are
// gone, never touches a local or foreign role, and an immediate second sync writes nothing.
// Seeded sequences of random mutations (add and remove members, create, delete and rename
// tags / roles) on WeCom and DingTalk emulators, synced through the engine after every round.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg, mulberry32 } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { weComCredentials } from './helpers.mjs';
import { dingTalkCredentials } from './helpers/dingtalk.mjs';

const require = createRequire(import.meta.url);
const { iamRoleName } = require('../dist/lib/directory/mapping/roleNames.js');

const SEEDS = 24;
const ROUNDS = 3;
const PARALLEL = 6;

/** The directory side, provider-neutral: role id → { name, members: Set }, mutated through the emulator. */
function directoryOf(provider, emu) {
	if (provider === 'wecom') {
		return {
			roles: () => [...emu.tags.values()].map((t) => ({ id: t.tagid, name: t.tagname, members: t.users })),
			create(id, name) {
				emu.tags.set(id, { tagid: id, tagname: name, users: new Set(), parties: new Set(), owner: 'console' });
			},
			remove(id) {
				emu.tags.delete(id);
			},
			rename(id, name) {
				emu.tags.get(id).tagname = name;
			},
		};
	}
	const { roles, roleGroups } = emu.state;
	return {
		roles: () => [...roles.values()].map((r) => ({ id: r.id, name: r.name, members: r.members })),
		create(id, name) {
			roles.set(id, { id, name, groupId: 1, members: new Set() });
			roleGroups.get(1).roles.push(id);
		},
		remove(id) {
			roles.delete(id);
			const group = roleGroups.get(1);
			group.roles = group.roles.filter((r) => r !== id);
		},
		rename(id, name) {
			roles.get(id).name = name;
		},
	};
}

function mutate(dir, userids, rand, history, ids) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
		const roles = dir.roles();
		const kind = pick(['join', 'join', 'leave', 'leave', 'create', 'remove', 'rename']);
		history.push(kind);
		const role = pick(roles);
		if (kind === 'join') for (let n = 0; n < 1 + Math.floor(rand() * 5); n++) role.members.add(pick(userids));
		else if (kind === 'leave') for (const u of [...role.members].filter(() => rand() < 0.5)) role.members.delete(u);
		else if (kind === 'create') {
			const id = ++ids.last;
			dir.create(id, `角色 ${id}`);
		}
		else if (kind === 'remove' && roles.length > 1) dir.remove(role.id);
		else if (kind === 'rename') dir.rename(role.id, `${role.name}′`);
	}
}

async function syncOnce(provider, emu, casdoor, naming) {
	const wecom = provider === 'wecom';
	const directoryNode = wecom ? 'weCom' : 'dingTalk';
	const resource = wecom ? 'tag' : 'role';
	const idField = wecom ? 'tagId' : 'roleId';
	const run = await runWorkflow({
		nodes: [
			node(directoryNode, { resource, operation: 'getMany', returnAll: true, ...(wecom ? {} : { roleOutput: 'roles' }) }, { name: 'List' }),
			node(directoryNode, { resource, operation: 'getMembers', [idField]: { __rl: true, mode: 'id', value: `={{ $json.${idField} }}` } }, { name: 'Members' }),
			node('casdoor', {
				resource: 'role',
				operation: 'syncRoles',
				mode: 'apply',
				roleInput: 'directoryRoles',
				roleRemovalPolicy: 'empty',
				syncOptions: { allowLargeRemovals: true, roleNaming: naming },
			}, { name: 'Sync' }),
		],
		credentials: {
			...(wecom ? { weComApi: weComCredentials(emu, 'contacts') } : dingTalkCredentials(emu)),
			casdoorApi: { endpoint: casdoor.url, clientId: casdoor.clientId, clientSecret: casdoor.clientSecret, organization: 'acme' },
		},
	});
	assert.equal(run.status, 'success', run.error?.message);
	return run.output('Sync').find((o) => o.action === 'summary');
}

async function runSequence(seed) {
	const rand = mulberry32(seed);
	const provider = seed % 2 ? 'wecom' : 'dingtalk';
	const naming = seed % 4 < 2 ? 'name' : 'id';
	const org = generateOrg({ users: 24, departments: 4, seed });
	const userids = org.users.map((u) => u.userid);
	const pickSome = () => new Set(userids.filter(() => rand() < 0.3));
	const initial = [1, 2, 3].map((id) => ({ id, name: `Role ${id}`, users: [...pickSome()] }));
	const emu =
		provider === 'wecom'
			? await startWeComEmulator({ org, tags: initial.map((r) => ({ tagid: r.id, tagname: r.name, users: r.users })) })
			: await startDingTalkEmulator({ org, qps: 2000, roleGroups: [{ groupId: 1, name: '默认', roles: initial }] });
	const source = provider === 'wecom' ? `wecom:${emu.corpId}` : `dingtalk:${emu.appKey}`;
	// Most directory users exist in Casdoor, bound by their userid (named unlike it on DingTalk); some do not.
	const bound = new Map();
	const users = [];
	userids.forEach((userid, k) => {
		if (rand() < 0.2) return;
		const name = provider === 'wecom' ? userid : `E${1000 + k}`;
		bound.set(userid, name);
		users.push({ name, [provider]: userid, properties: { source } });
	});
	const local = { name: 'Role 1', description: 'made by hand', users: ['acme/admin'] };
	const foreign = { name: 'Theirs', description: '[n8n-sync source=other:x] y', users: ['acme/x'] };
	// "Role 1" is also the name tag / role 1 gets with Role Names "By Name": that one is skipped, never adopted.
	const casdoor = await startCasdoorEmulator({ users, roles: [local, foreign] });
	const untouched = () => JSON.stringify([casdoor.role('Role 1'), casdoor.role('Theirs')]);
	const before = untouched();
	const dir = directoryOf(provider, emu);
	const ids = { last: 100 };
	const history = ['initial'];
	try {
		for (let round = 0; round <= ROUNDS; round++) {
			if (round > 0) mutate(dir, userids, rand, history, ids);
			const context = `seed ${seed} ${provider} ${naming} round ${round} (${history.join(', ')})`;
			await syncOnce(provider, emu, casdoor, naming);
			const expected = new Map();
			for (const role of dir.roles()) {
				const name = iamRoleName(provider, { id: String(role.id), name: role.name }, { naming });
				expected.set(name, [...role.members].filter((u) => bound.has(u)).map((u) => `acme/${bound.get(u)}`).sort());
			}
			for (const [name, members] of expected) {
				const stored = casdoor.role(name);
				if (stored && !stored.description?.startsWith(`[n8n-sync source=${source}]`)) continue;
				assert.ok(stored, `${context}: role ${name} missing`);
				assert.deepEqual([...(stored.users ?? [])].sort(), members, `${context}: members of ${name}`);
			}
			for (const role of casdoor.roles.values()) {
				if (role.description?.startsWith(`[n8n-sync source=${source}]`) && !expected.has(role.name)) {
					assert.deepEqual(role.users, [], `${context}: ${role.name} is gone upstream but not emptied`);
				}
			}
			casdoor.clearLog();
			const second = await syncOnce(provider, emu, casdoor, naming);
			assert.equal(casdoor.log.filter((e) => e.method === 'POST').length, 0, `${context}: the second sync wrote`);
			assert.equal(second.created + second.updated + second.emptied + second.deleted, 0, context);
		}
		assert.equal(untouched(), before, `seed ${seed}: local and foreign roles untouched`);
	} finally {
		await Promise.all([emu.close(), casdoor.close()]);
	}
}

test(`property: ${SEEDS} seeded membership sequences (WeCom tags, DingTalk roles) converge, and a second sync writes nothing`, async () => {
	const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
	for (let i = 0; i < seeds.length; i += PARALLEL) await Promise.all(seeds.slice(i, i + PARALLEL).map(runSequence));
});
