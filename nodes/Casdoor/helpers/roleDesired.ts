import type { INodeExecutionData } from 'n8n-workflow';

import type { CasdoorUser } from '../../../lib/casdoor/types';
import type { NameRule } from '../../../lib/directory/iamNames';
import { memberIndex } from '../../../lib/directory/roleMembers';
import type { DesiredRole } from '../../../lib/directory/rolePlan';
import type { RoleNameOptions } from '../../../lib/directory/roleNames';
import { iamRoleName } from '../../../lib/directory/roleNames';
import { readDirectoryRoles, readUserRoles } from './roleInput';
import { SyncInputError } from './syncInput';

export interface Desired {
	roles: DesiredRole[];
	source: string;
	/** Directory userids that matched no Casdoor user, over all roles. */
	unmatched: number;
}

const ORIGIN = { wecom: 'WeCom tag', dingtalk: 'DingTalk role' };

/** Directory role items → IAM roles whose members are the Casdoor users of the userids. */
export function desiredFromDirectory(
	items: INodeExecutionData[],
	sourceParam: string,
	users: readonly CasdoorUser[],
	naming: RoleNameOptions,
	nameRule: NameRule,
	organization: string,
): Desired {
	const { roles, source } = readDirectoryRoles(items, sourceParam);
	const index = memberIndex(users, source, nameRule);
	let unmatched = 0;
	const desired = roles.map((entry): DesiredRole => {
		const name = iamRoleName(entry.provider, { id: entry.id, name: entry.name }, naming);
		if (name === undefined) {
			const needs = naming.naming === 'id' ? 'an ID ("tagId" / "roleId" / "id")' : 'a name ("tagName" / "roleName" / "name")';
			throw new SyncInputError(`Input item ${entry.itemIndex} has no ${needs}, which "Role Names" needs`, entry.itemIndex);
		}
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
			origin: `${ORIGIN[entry.provider]} ${label}`.trim(),
			unmatched: missing,
		};
	});
	return { roles: desired, source, unmatched };
}

/** Map to IAM User items with roles → IAM roles whose members are those users. */
export function desiredFromUsers(items: INodeExecutionData[], organization: string, sourceParam: string): Desired {
	const { roles, source } = readUserRoles(items, organization, sourceParam);
	const desired = [...roles.entries()].map(([name, members]): DesiredRole => ({ name, members, origin: `the roles of ${source} users` }));
	return { roles: desired, source, unmatched: 0 };
}
