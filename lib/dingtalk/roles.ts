import type { IDataObject } from 'n8n-workflow';

import { DirectoryApiError } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import type { DingTalkClient } from './client';
import { ROLE_HINTS } from './errorTable';

/**
 * DingTalk roles (角色管理, legacy oapi; docs/roles-reference.md §2). Roles live in role groups;
 * role/list pages over the groups, role/simplelist over one role's members. Adding and
 * removing roles takes comma-separated role and user IDs.
 */

/** role/list and role/simplelist: size 1 to 200 (official SDK check, DT docs). */
export const ROLE_PAGE_SIZE = 200;
/** addrolesforemps / removerolesforemps: at most 20 role IDs per call. */
export const ROLE_IDS_PER_CALL = 20;
/**
 * Users per call: the docs say 100 for both; the official SDK's request check allows only
 * 20 for addrolesforemps. Adds use 20 (safe under either), removes 100.
 */
export const ROLE_ADD_USERS_PER_CALL = 20;
export const ROLE_REMOVE_USERS_PER_CALL = 100;

export interface DingTalkRole {
	id: number;
	name: string;
}

export interface DingTalkRoleGroup {
	groupId: number;
	name: string;
	roles: DingTalkRole[];
}

export interface DingTalkRoleMember {
	userid: string;
	name?: string;
	manageScopes?: Array<{ dept_id: number; name?: string }>;
}

export interface DingTalkAdmin {
	userid: string;
	/** 1 the primary administrator, 2 a sub-administrator. */
	sys_level: number;
}

interface Page<T> {
	hasMore?: boolean;
	nextCursor?: number;
	list?: T[];
}

/** The same failure with the hint that fits a role call (40035 there means a wrong role ID or userid). */
function explain(error: unknown): unknown {
	if (!(error instanceof DirectoryApiError) || error.errcode === undefined) return error;
	const hint = ROLE_HINTS[String(error.errcode)];
	return hint ? error.withDetails({ hint }) : error;
}

async function result<T>(client: DingTalkClient, path: string, body: IDataObject): Promise<T> {
	try {
		const answer = await client.transport.call<{ result?: T }>('POST', path, { body });
		return answer.result as T;
	} catch (error) {
		throw explain(error);
	}
}

/** Follow offset paging until hasMore is false or `limit` entries are in. */
async function pages<T>(path: string, fetch: (offset: number, size: number) => Promise<Page<T> | undefined>, limit?: number): Promise<T[]> {
	const out: T[] = [];
	let offset = 0;
	for (;;) {
		const page = (await fetch(offset, ROLE_PAGE_SIZE)) ?? {};
		out.push(...(page.list ?? []));
		if (page.hasMore !== true || (limit !== undefined && out.length >= limit)) break;
		if ((page.list ?? []).length === 0) {
			throw new DirectoryApiError({ provider: 'DingTalk', errorClass: 'transient', path, errmsg: `hasMore with an empty page at offset ${offset}` });
		}
		offset = typeof page.nextCursor === 'number' && page.nextCursor > offset ? page.nextCursor : offset + ROLE_PAGE_SIZE;
	}
	return limit === undefined ? out : out.slice(0, limit);
}

/** Every role group with its roles (role/list pages over groups). */
export async function listRoleGroups(client: DingTalkClient): Promise<DingTalkRoleGroup[]> {
	const groups = await pages<DingTalkRoleGroup>('/topapi/role/list', async (offset, size) => await result(client, '/topapi/role/list', { offset, size }));
	return groups.map((g) => ({
		groupId: Number(g.groupId),
		name: String(g.name ?? ''),
		roles: (g.roles ?? []).map((r) => ({ id: Number(r.id), name: String(r.name ?? '') })),
	}));
}

/** role/getrole: the name and group of one role (answered as `role`, not `result`). */
export async function getRole(client: DingTalkClient, roleId: number): Promise<{ name: string; groupId?: number }> {
	let answer: { role?: { name?: string; groupId?: number } };
	try {
		answer = await client.transport.call('POST', '/topapi/role/getrole', { body: { roleId } });
	} catch (error) {
		throw explain(error);
	}
	const role = answer.role ?? {};
	return role.groupId !== undefined ? { name: String(role.name ?? ''), groupId: Number(role.groupId) } : { name: String(role.name ?? '') };
}

/** The members of one role, paged; stops at `limit`. */
export async function listRoleMembers(client: DingTalkClient, roleId: number, limit?: number): Promise<DingTalkRoleMember[]> {
	return await pages<DingTalkRoleMember>(
		'/topapi/role/simplelist',
		async (offset, size) => await result(client, '/topapi/role/simplelist', { role_id: roleId, offset, size }),
		limit,
	);
}

export async function listAdmins(client: DingTalkClient): Promise<DingTalkAdmin[]> {
	const list = (await result<DingTalkAdmin[] | undefined>(client, '/topapi/user/listadmin', {})) ?? [];
	return list.map((a) => ({ userid: String(a.userid), sys_level: Number(a.sys_level) }));
}

export type RoleChange = 'add' | 'remove';

function chunk<T>(list: readonly T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(list.length / size) }, (_, k) => list.slice(k * size, (k + 1) * size));
}

export interface RoleChangeOutcome {
	calls: number;
	/** userid → role IDs done, for the record when a later call fails. */
	done: Array<{ roleIds: number[]; userids: string[] }>;
}

/**
 * Give roles to users, or take them away: every pair of (≤20 roles) × (≤20 or 100 users)
 * is one call, in parallel within the client's pool. A refused call fails the item; the
 * calls that were done are attached to the error (context.done), so a re-run is safe (the
 * change is idempotent).
 */
export async function changeRoles(client: DingTalkClient, change: RoleChange, roleIds: readonly number[], userids: readonly string[]): Promise<RoleChangeOutcome> {
	const path = change === 'add' ? '/topapi/role/addrolesforemps' : '/topapi/role/removerolesforemps';
	const perCall = change === 'add' ? ROLE_ADD_USERS_PER_CALL : ROLE_REMOVE_USERS_PER_CALL;
	const calls = chunk([...new Set(roleIds)], ROLE_IDS_PER_CALL).flatMap((roles) => chunk([...new Set(userids)], perCall).map((users) => ({ roles, users })));
	const done: RoleChangeOutcome['done'] = [];
	let failure: unknown;
	await mapConcurrent(calls, client.transport.concurrency, async ({ roles, users }) => {
		// After a refusal no new call starts; the ones in flight finish.
		if (failure !== undefined) return;
		try {
			await result(client, path, { roleIds: roles.join(','), userIds: users.join(',') });
			done.push({ roleIds: roles, userids: users });
		} catch (error) {
			failure ??= error ?? new Error('unknown failure');
		}
	});
	if (failure !== undefined) {
		throw failure instanceof DirectoryApiError ? failure.withDetails({ context: { done } }) : failure;
	}
	return { calls: calls.length, done };
}
