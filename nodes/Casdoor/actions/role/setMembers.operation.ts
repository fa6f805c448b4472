import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { roleOwner } from '../../../../lib/directory/mapping/roleNames';
import { DirectoryApiError } from '../../../../lib/transport/errors';
import { memberIds, requireRoleName } from '../../helpers/roleFields';
import { organizationFor } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Role Name',
		name: 'roleName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ui-designers',
		description: 'The role (its name, without "organization/"). Create it first with Create or Update.',
	},
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		placeholder: 'e.g. zhangsan, lisi',
		description: 'Casdoor user names (or "organization/name"), separated by commas, or an expression returning a list',
	},
	{
		displayName: 'Change',
		name: 'change',
		description: 'How the listed members change the role',
		type: 'options',
		default: 'replace',
		options: [
			{ name: 'Replace', value: 'replace', description: 'The role has exactly these members afterwards' },
			{ name: 'Add', value: 'add', description: 'Add these members, keep the others' },
			{ name: 'Remove', value: 'remove', description: 'Remove these members, keep the others' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['setMembers'] } }, properties);

/** get-role, then update-role with the whole role and the new member list (update-role writes every column). No write when nothing changes. */
export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const owner = organizationFor(this, i, client);
	const name = requireRoleName(this.getNodeParameter('roleName', i));
	const given = memberIds(this.getNodeParameter('members', i), owner);
	const change = this.getNodeParameter('change', i) as 'replace' | 'add' | 'remove';
	const role = await client.getRole(owner, name);
	if (!role) {
		throw new DirectoryApiError({
			provider: 'Casdoor',
			errorClass: 'item',
			path: '/api/get-role',
			errmsg: `the role "${owner}/${name}" does not exist`,
			hint: 'Create the role first with Role → Create or Update, or check its name (without "organization/").',
		});
	}
	const before = (role.users ?? []).map(String);
	const drop = new Set(given);
	const users =
		change === 'replace' ? given : change === 'add' ? [...new Set([...before, ...given])] : before.filter((u) => !drop.has(u));
	const added = users.filter((u) => !before.includes(u));
	const removed = before.filter((u) => !users.includes(u));
	const result: IDataObject = { owner, name, users, added, removed };
	const syncedBy = roleOwner(role);
	if (syncedBy) result.warning = `This role is kept by Sync Roles (source "${syncedBy}"): its next run will set the members back to the directory's.`;
	if (!added.length && !removed.length) return { action: 'unchanged', ...result };
	await client.updateRole(owner, name, { ...role, users });
	return { action: 'updated', ...result };
}
