import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { listRoleGroups } from '../../../../lib/dingtalk/roles';
import { markRead, readLimit, returnAllAndLimit } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'roleOutput',
		description: 'One item per role or one per role group',
		type: 'options',
		default: 'roles',
		options: [
			{ name: 'Roles', value: 'roles', description: 'One item per role, with its group' },
			{ name: 'Role Groups', value: 'groups', description: 'One item per role group, with its roles' },
		],
	},
	...returnAllAndLimit({}),
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['getMany'] } }, properties);

/** topapi/role/list, 200 groups per page, following hasMore. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const groups = await listRoleGroups(client);
	if (this.getNodeParameter('roleOutput', i) === 'groups') {
		const items = groups.map((g) => ({ groupId: g.groupId, groupName: g.name, roles: g.roles.map((r) => ({ roleId: r.id, roleName: r.name })) }));
		return limit === undefined ? items : items.slice(0, limit);
	}
	const roles: IDataObject[] = groups.flatMap((g) => g.roles.map((r) => ({ roleId: r.id, roleName: r.name, groupId: g.groupId, groupName: g.name })));
	// Marked so that Sync Roles can tell the whole role list from a limited or filtered one.
	const out = limit === undefined ? roles : roles.slice(0, limit);
	return markRead(out, { provider: 'dingtalk', scope: 'directory' }, limit !== undefined && roles.length > limit);
}
