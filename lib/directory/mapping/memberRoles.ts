import { InputValidationError } from '../../transport/errors';
import type { DirectoryRoleRef, RoleNameOptions, RoleProvider } from './roleNames';
import { iamRoleName } from './roleNames';
import { providerEntry } from '../sources/registry';

/**
 * What a member says about its tags / roles and its administrator status, for Map to IAM
 * User. WeCom member records carry neither; a workflow merges them in (docs/roles-reference.md).
 * Which member fields hold them is the provider's `roleFields` (sources/registry.ts), e.g.
 * - WeCom: `tags` — a list of tag names, or of objects {tagId, tagName} / {tagid, tagname};
 * - DingTalk: `roles` (the node's simplified shape {id, name, groupName}) or `role_list`
 *   (v2/user/get's {id, name, group_name}), or a list of role names;
 * - either: `isAdmin` true/false; DingTalk's own `admin` flag counts too.
 */

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined => {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
};

function refOf(entry: unknown): DirectoryRoleRef | undefined {
	if (typeof entry === 'string' || typeof entry === 'number') return { name: text(entry) };
	if (!entry || typeof entry !== 'object') return undefined;
	const e = entry as Json;
	return { id: text(e.tagId ?? e.tagid ?? e.roleId ?? e.id), name: text(e.tagName ?? e.tagname ?? e.roleName ?? e.name) };
}

/** The tags / roles a member carries, or undefined when it carries none of the fields. */
export function memberRoleRefs(provider: RoleProvider, member: Json): { field: string; refs: DirectoryRoleRef[] } | undefined {
	for (const field of providerEntry(provider).roleFields) {
		const value = member[field];
		if (value === undefined || value === null) continue;
		if (!Array.isArray(value)) throw new InputValidationError(field, 'must be a list of tags / roles (names, or objects with an ID and a name)');
		return { field, refs: value.map(refOf).filter((r): r is DirectoryRoleRef => r !== undefined) };
	}
	return undefined;
}

/** "owner/roleName" for each tag / role of the member, sorted, each once. */
export function memberIamRoles(provider: RoleProvider, member: Json, organization: string, options: RoleNameOptions): string[] {
	const found = memberRoleRefs(provider, member);
	if (!found) return [];
	const names = found.refs.map((ref, n) => {
		const name = iamRoleName(provider, ref, options);
		if (name === undefined) {
			const needs = options.naming === 'id' ? 'ID (Role Names is "By ID")' : 'name';
			throw new InputValidationError(found.field, `entry ${n + 1} has no ${needs}`);
		}
		return `${organization}/${name}`;
	});
	return [...new Set(names)].sort();
}

/** Administrator options of Map to IAM User: a list of userids, and/or the member's own flag. */
export interface AdminOptions {
	userids?: readonly string[];
	fromMember?: boolean;
}

function flag(value: unknown): boolean | undefined {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return undefined;
}

/**
 * isAdmin for a member: true when it is in the list or flags itself (isAdmin, DingTalk
 * `admin`); false otherwise. Undefined (leave Casdoor's value alone) when neither option is on.
 */
export function memberIsAdmin(userid: string, member: Json, options: AdminOptions | undefined): boolean | undefined {
	const list = options?.userids ?? [];
	if (!options || (list.length === 0 && !options.fromMember)) return undefined;
	if (list.includes(userid)) return true;
	if (options.fromMember && (flag(member.isAdmin) ?? flag(member.admin)) === true) return true;
	return false;
}
