import type { INodeProperties } from 'n8n-workflow';

import * as addToUsers from './addToUsers.operation';
import * as getMany from './getMany.operation';
import * as getMembers from './getMembers.operation';
import * as removeFromUsers from './removeFromUsers.operation';

export { addToUsers, getMany, getMembers, removeFromUsers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['role'] } },
		options: [
			{ name: 'Add to Users', value: 'addToUsers', action: 'Give roles to users' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many roles' },
			{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a role' },
			{ name: 'Remove From Users', value: 'removeFromUsers', action: 'Take roles from users' },
		],
		default: 'getMany',
	},
	...addToUsers.description,
	...getMany.description,
	...getMembers.description,
	...removeFromUsers.description,
];
