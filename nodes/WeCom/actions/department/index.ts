import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteDepartment from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, get, getMany, update };
export { deleteDepartment as delete };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['department'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a department' },
			{ name: 'Delete', value: 'delete', action: 'Delete a department' },
			{ name: 'Get', value: 'get', action: 'Get a department' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many departments' },
			{ name: 'Update', value: 'update', action: 'Update a department' },
		],
		default: 'getMany',
	},
	...create.description,
	...deleteDepartment.description,
	...get.description,
	...getMany.description,
	...update.description,
];
