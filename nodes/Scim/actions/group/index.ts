import type { INodeProperties } from 'n8n-workflow';

import * as addMembers from './addMembers.operation';
import * as getMany from './getMany.operation';
import * as removeMembers from './removeMembers.operation';
import * as upsert from './upsert.operation';

export { addMembers, getMany, removeMembers, upsert };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['group'] } },
	options: [
		{ name: 'Add Members', value: 'addMembers', action: 'Add members to a group' },
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update a group',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Get Many', value: 'getMany', action: 'Get many groups' },
		{ name: 'Remove Members', value: 'removeMembers', action: 'Remove members from a group' },
	],
	default: 'getMany',
};

export const description: INodeProperties[] = [
	...getMany.description,
	...upsert.description,
	...addMembers.description,
	...removeMembers.description,
];
