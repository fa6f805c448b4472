import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deactivate from './deactivate.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as reactivate from './reactivate.operation';
import * as syncUsers from './syncUsers.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, deactivate, del as delete, get, getMany, reactivate, syncUsers, update, upsert };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{ name: 'Create', value: 'create', action: 'Create a user' },
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update a user',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Deactivate', value: 'deactivate', action: 'Deactivate a user', description: 'Set active to false: no sign-in, account kept' },
		{ name: 'Delete', value: 'delete', action: 'Delete a user' },
		{ name: 'Get', value: 'get', action: 'Get a user' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many users' },
		{ name: 'Reactivate', value: 'reactivate', action: 'Reactivate a user', description: 'Set active to true' },
		{
			name: 'Sync Users',
			value: 'syncUsers',
			action: 'Sync the users of one source',
			description:
				'Make the users of one source match the input: create, update, deactivate or delete, with a dry run and a removal guard',
		},
		{ name: 'Update', value: 'update', action: 'Update a user' },
	],
	default: 'get',
};

export const description: INodeProperties[] = [
	...get.description,
	...getMany.description,
	...create.description,
	...update.description,
	...upsert.description,
	...deactivate.description,
	...reactivate.description,
	...del.description,
	...syncUsers.description,
];
