// Roles (角色管理) and administrators of the DingTalk emulator (docs/roles-reference.md §2).
// `createRoleStore(options, state)` adds role groups, roles and their members to the state;
// ROLE_ROUTES are merged into the /topapi route table by dingtalk.mjs.
//
// Shapes and limits from the official legacy SDK (opendingtalk/alibaba-dingtalk-service-sdk):
// - role/list {offset, size}: size 1..200 (default 20) pages over ROLE GROUPS; result
//   {hasMore, nextCursor, list: [{groupId, name, roles: [{id, name}]}]}.
// - role/getrole {roleId}: answered as a top-level `role` {name, groupId}, not `result`.
// - role/simplelist {role_id, offset, size}: size 1..200; result {hasMore, nextCursor,
//   list: [{userid, name, manageScopes}]}.
// - role/addrolesforemps, role/removerolesforemps {roleIds: "1,2", userIds: "a,b"}: comma-
//   separated strings, ≤ 20 roles and ≤ 100 users per call (the docs; the SDK's own check
//   allows only 20 users for add — the emulator takes the documented 100).
// - user/listadmin {}: result [{userid, sys_level}], 1 primary administrator, 2 sub-administrator.
// Where the docs are silent (the emulator's choice): an unknown role ID gets 40035 ("不合法的参数"),
// an unknown userid 60121, and either refuses the whole call (nothing is changed).

import { fail } from './dingtalkRoutes.mjs';

const DEFAULT_GROUPS = [
	{ groupId: 1, name: '默认', roles: [{ id: 1, name: '主管理员' }, { id: 2, name: '子管理员' }] },
	{ groupId: 2, name: '职务', roles: [{ id: 3, name: '经理' }, { id: 4, name: '主管' }] },
];

export function createRoleStore(options, state) {
	const groups = new Map();
	const roles = new Map();
	const admins = [...state.users.values()].filter((u) => u.admin).map((u) => u.userid);
	for (const g of options.roleGroups ?? DEFAULT_GROUPS) {
		groups.set(g.groupId, { groupId: g.groupId, name: g.name, roles: g.roles.map((r) => r.id) });
		for (const r of g.roles) {
			const seeded = r.users ?? (options.roleGroups ? [] : r.id === 1 ? admins.slice(0, 1) : r.id === 2 ? admins.slice(1) : []);
			roles.set(r.id, { id: r.id, name: r.name, groupId: g.groupId, members: new Set(seeded) });
		}
	}
	state.roleGroups = groups;
	state.roles = roles;
	/** role_list of a user as v2/user/get answers it. */
	state.rolesOf = (userid) =>
		[...roles.values()].filter((r) => r.members.has(userid)).map((r) => ({ id: r.id, name: r.name, group_name: groups.get(r.groupId)?.name ?? '' }));
	/** [userid, sys_level]: the first admin is the primary one. */
	state.admins = () => [...state.users.values()].filter((u) => u.admin).map((u, i) => ({ userid: u.userid, sys_level: i === 0 ? 1 : 2 }));
	return state;
}

const isInt = (v) => typeof v === 'number' && Number.isSafeInteger(v);

function paging(body, { offsetKey = 'offset', sizeKey = 'size' } = {}) {
	const offset = body[offsetKey] ?? 0;
	const size = body[sizeKey] ?? 20;
	if (!isInt(offset) || offset < 0) fail(40068, `${offsetKey} must be an integer ≥ 0`);
	if (!isInt(size) || size < 1 || size > 200) fail(40069, `${sizeKey} must be an integer in 1..200`);
	return { offset, size };
}

function page(list, offset, size) {
	const slice = list.slice(offset, offset + size);
	const hasMore = offset + size < list.length;
	const out = { hasMore, list: slice };
	if (hasMore) out.nextCursor = offset + size;
	return out;
}

function existingRole(state, id) {
	const role = state.roles.get(Number(id));
	if (!isInt(Number(id)) || !role) fail(40035, `role ${id} does not exist`);
	return role;
}

function commaList(raw, key, max) {
	if (typeof raw !== 'string' || raw.trim() === '') fail(40035, `${key} is required (a comma-separated string)`);
	const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
	if (parts.length > max) fail(40035, `${key}: at most ${max}`);
	return parts;
}

function change(kind) {
	return (ctx) => {
		const roleIds = commaList(ctx.body.roleIds, 'roleIds', 20);
		const userIds = commaList(ctx.body.userIds, 'userIds', 100);
		const roles = roleIds.map((id) => {
			if (!/^\d+$/.test(id)) fail(40035, `roleIds: "${id}" is not a role ID`);
			return existingRole(ctx.state, Number(id));
		});
		for (const userid of userIds) if (!ctx.state.users.has(userid)) fail(60121, userid);
		for (const role of roles) for (const userid of userIds) role.members[kind === 'add' ? 'add' : 'delete'](userid);
		ctx.state.roleCalls.push({ kind, roles: roleIds.length, users: userIds.length });
		return undefined;
	};
}

export const ROLE_ROUTES = {
	'/topapi/role/list': {
		permission: 'role:read',
		handler(ctx) {
			const { offset, size } = paging(ctx.body);
			const groups = [...ctx.state.roleGroups.values()].map((g) => ({
				groupId: g.groupId,
				name: g.name,
				roles: g.roles.map((id) => ctx.state.roles.get(id)).filter(Boolean).map((r) => ({ id: r.id, name: r.name })),
			}));
			return page(groups, offset, size);
		},
	},
	'/topapi/role/getrole': {
		permission: 'role:read',
		topLevel: 'role',
		handler(ctx) {
			const role = existingRole(ctx.state, ctx.body.roleId);
			return { name: role.name, groupId: role.groupId };
		},
	},
	'/topapi/role/simplelist': {
		permission: 'role:read',
		handler(ctx) {
			if (ctx.body.role_id === undefined) fail(40035, 'role_id is required');
			const role = existingRole(ctx.state, ctx.body.role_id);
			const { offset, size } = paging(ctx.body);
			const members = [...role.members]
				.filter((userid) => ctx.state.users.has(userid))
				.map((userid) => ({ userid, name: ctx.state.users.get(userid).name, manageScopes: [] }));
			return page(members, offset, size);
		},
	},
	'/topapi/role/addrolesforemps': { permission: 'role:write', handler: change('add') },
	'/topapi/role/removerolesforemps': { permission: 'role:write', handler: change('remove') },
	'/topapi/user/listadmin': {
		permission: 'admin:read',
		handler(ctx) {
			return ctx.state.admins();
		},
	},
};
