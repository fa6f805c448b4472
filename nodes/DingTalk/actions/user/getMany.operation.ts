import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dingTalkSource } from '../../../../lib/directory/sources/dingtalkSource';
import { walkDirectory } from '../../../../lib/directory/sources/walk';
import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DingTalkUser, UserOrderField } from '../../../../lib/dingtalk/types';
import { requireDepartmentId } from '../../../../lib/dingtalk/validate';
import { markRead, outsideDepartments, reachedLimit, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { UserOutput } from '../../helpers/shapeUser';
import { shapeUser } from '../../helpers/shapeUser';
import { departmentLocator, userOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department whose users to list' }),
	{
		displayName: 'Include Sub-Departments',
		name: 'includeSubDepartments',
		type: 'boolean',
		default: false,
		description: 'Whether to include the users of every department below this one (each user once, with all their departments)',
	},
	{
		displayName: 'Sort By',
		name: 'orderField',
		description: 'The order DingTalk returns the users in',
		type: 'options',
		default: 'custom',
		displayOptions: { show: { includeSubDepartments: [false] } },
		options: [
			{ name: 'Department Order', value: 'custom' },
			{ name: 'Join Date, Newest First', value: 'entry_desc' },
			{ name: 'Join Date, Oldest First', value: 'entry_asc' },
			{ name: 'Last Change, Newest First', value: 'modify_desc' },
			{ name: 'Last Change, Oldest First', value: 'modify_asc' },
		],
	},
	...returnAllAndLimit({}),
	userOutputField,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const deptId = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = this.getNodeParameter('output', i) as UserOutput;
	const source = dingTalkSource(client);
	// Complete for what it lists only: the users' other departments are marked as not read, so a
	// sync removes only users last seen inside this department (or subtree).
	const outside = (users: readonly DingTalkUser[], inScope: (id: number) => boolean) =>
		outsideDepartments(users.map((u) => source.memberDepartments(u)), inScope, `outside department ${deptId}, the one this read listed`);
	if (!this.getNodeParameter('includeSubDepartments', i)) {
		// v2/user/list: pages of at most 100 following next_cursor, only as many as the limit needs.
		const orderField = this.getNodeParameter('orderField', i) as UserOrderField;
		const users = await client.listUsers(deptId, { limit, orderField });
		const items = users.map((u) => shapeUser(u, output, undefined, deptId));
		return markRead(items, { provider: 'dingtalk', scope: 'department', root: deptId }, reachedLimit(users.length, limit), [], outside(users, (id) => id === deptId));
	}
	const { members, tree } = await walkDirectory(source, { rootId: deptId, limit });
	const items = members.map((u) => shapeUser(u, output, tree));
	return markRead(items, { provider: 'dingtalk', scope: 'subtree', root: deptId }, reachedLimit(members.length, limit), [], outside(members, (id) => tree.has(id)));
}
