import type { INodeProperties } from 'n8n-workflow';

import * as count from './count.operation';
import * as create from './create.operation';
import * as deleteUser from './delete.operation';
import * as get from './get.operation';
import * as getAllInDirectory from './getAllInDirectory.operation';
import * as getByMobile from './getByMobile.operation';
import * as getMany from './getMany.operation';
import * as mapToIamUser from './mapToIamUser.operation';
import * as syncUsersFromInput from './syncUsersFromInput.operation';
import * as update from './update.operation';

export { count, create, get, getAllInDirectory, getByMobile, getMany, mapToIamUser, syncUsersFromInput, update };
export { deleteUser as delete };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Count', value: 'count', action: 'Count users' },
			{ name: 'Create', value: 'create', action: 'Create a user' },
			{ name: 'Delete', value: 'delete', action: 'Delete a user' },
			{ name: 'Get', value: 'get', action: 'Get a user' },
			{ name: 'Get All in Directory', value: 'getAllInDirectory', action: 'Get every user of the directory' },
			{ name: 'Get by Mobile', value: 'getByMobile', action: 'Find a user by mobile' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many users of a department' },
			{ name: 'Map to IAM User', value: 'mapToIamUser', action: 'Map users to IAM users' },
			{
				name: 'Sync Users From Input',
				value: 'syncUsersFromInput',
				action: 'Sync users from input rows',
				description: 'Make the users of the managed departments match input rows (e.g. an HR export): create, update, move or delete, with a dry run and a removal guard',
			},
			{ name: 'Update', value: 'update', action: 'Update a user' },
		],
		default: 'getAllInDirectory',
	},
	...count.description,
	...create.description,
	...deleteUser.description,
	...get.description,
	...getAllInDirectory.description,
	...getByMobile.description,
	...getMany.description,
	...mapToIamUser.description,
	...syncUsersFromInput.description,
	...update.description,
];
