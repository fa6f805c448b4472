import type { CasdoorUser } from '../../../lib/casdoor/types';
import type { NameRule } from '../../../lib/directory/mapping/iamNames';
import { memberIndex } from '../../../lib/directory/targets/casdoor/roleMembers';
import type { DesiredRole } from '../../../lib/directory/targets/casdoor/rolePlan';
import type { RoleNameOptions } from '../../../lib/directory/mapping/roleNames';
import { iamRoleName } from '../../../lib/directory/mapping/roleNames';
import { providerEntry } from '../../../lib/directory/sources/registry';
import type { DirectoryRoleEntry, UserRoles } from './roleInput';
import { SyncInputError } from '../../shared/syncInput';

export interface NamedEntry {
	entry: DirectoryRoleEntry;
	name: string;
}

/** The IAM role name of every directory role, checked before anything is read. */
export function nameDirectoryRoles(entries: readonly DirectoryRoleEntry[], naming: RoleNameOptions): NamedEntry[] {
	return entries.map((entry) => {
		const name = iamRoleName(entry.provider, { id: entry.id, name: entry.name }, naming);
		if (name === undefined) {
			const needs = naming.naming === 'id' ? 'ID ("tagId" / "roleId" / "id")' : 'name ("tagName" / "roleName" / "name")';
			throw new SyncInputError(`Input item ${entry.itemIndex} has no ${needs}, which "Role Names" needs`, entry.itemIndex);
		}
		return { entry, name };
	});
}

/**
 * Directory roles → IAM roles whose members are the Casdoor users of the userids (their
 * WeCom / DingTalk binding, else the Map name rule). Userids without a user are listed per
 * role and counted.
 */
export function desiredFromDirectory(
	named: readonly NamedEntry[],
	users: readonly CasdoorUser[],
	source: string,
	nameRule: NameRule,
	organization: string,
): { roles: DesiredRole[]; unmatched: number } {
	const index = memberIndex(users, source, nameRule);
	let unmatched = 0;
	const roles = named.map(({ entry, name }): DesiredRole => {
		const members: string[] = [];
		const missing: string[] = [];
		for (const userid of entry.userids) {
			const user = index.resolve(entry.provider, userid);
			if (user === undefined) missing.push(userid);
			else members.push(`${organization}/${user}`);
		}
		unmatched += missing.length;
		const label = [entry.id, entry.name && entry.name !== entry.id ? `"${entry.name}"` : undefined].filter(Boolean).join(' ');
		return {
			name,
			displayName: entry.name ?? name,
			members,
			itemIndex: entry.itemIndex,
			origin: `${providerEntry(entry.provider).roleOrigin} ${label}`.trim(),
			unmatched: missing,
		};
	});
	return { roles, unmatched };
}

/** Map to IAM User items with roles → IAM roles whose members are those users. */
export function desiredFromUsers(input: Pick<UserRoles, 'roles' | 'source'>): DesiredRole[] {
	return [...input.roles.entries()].map(([name, members]) => ({ name, members, origin: `the roles of ${input.source} users` }));
}
