import type { INodeProperties } from 'n8n-workflow';

import * as addMembers from './addMembers.operation';
import * as create from './create.operation';
import * as deleteTag from './delete.operation';
import * as getMany from './getMany.operation';
import * as getMembers from './getMembers.operation';
import * as removeMembers from './removeMembers.operation';
import * as update from './update.operation';

export { addMembers, create, getMany, getMembers, removeMembers, update };
export { deleteTag as delete };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{ name: 'Add Members', value: 'addMembers', action: 'Add members to a tag' },
			{ name: 'Create', value: 'create', action: 'Create a tag' },
			{ name: 'Delete', value: 'delete', action: 'Delete a tag' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many tags' },
			{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a tag' },
			{ name: 'Remove Members', value: 'removeMembers', action: 'Remove members from a tag' },
			{ name: 'Update', value: 'update', action: 'Rename a tag' },
		],
		default: 'getMany',
	},
	...addMembers.description,
	...create.description,
	...deleteTag.description,
	...getMany.description,
	...getMembers.description,
	...removeMembers.description,
	...update.description,
];
