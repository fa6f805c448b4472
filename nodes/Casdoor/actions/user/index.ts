import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as forbid from './forbid.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as syncUsers from './syncUsers.operation';
import * as unforbid from './unforbid.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, del as delete, forbid, get, getMany, syncUsers, unforbid, update, upsert };

/** The operation picker; the node lists it before the shared Organization field. */
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
		{ name: 'Delete', value: 'delete', action: 'Delete a user' },
		{ name: 'Forbid', value: 'forbid', action: 'Forbid a user from signing in' },
		{ name: 'Get', value: 'get', action: 'Get a user' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many users' },
		{
			name: 'Sync Users',
			value: 'syncUsers',
			action: 'Sync the users of one source',
			description: 'Make the users of one source match the input: create, update, forbid or delete, with a dry run and a removal guard',
		},
		{ name: 'Unforbid', value: 'unforbid', action: 'Allow a user to sign in again' },
		{ name: 'Update', value: 'update', action: 'Update a user' },
	],
	default: 'get',
};

/** The fields of every operation. */
export const description: INodeProperties[] = [
	...get.description,
	...getMany.description,
	...create.description,
	...update.description,
	...upsert.description,
	...forbid.description,
	...unforbid.description,
	...del.description,
	...syncUsers.description,
];
