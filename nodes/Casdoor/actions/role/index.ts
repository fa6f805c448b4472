import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as setMembers from './setMembers.operation';
import * as syncRoles from './syncRoles.operation';
import * as upsert from './upsert.operation';

export { getMany, setMembers, syncRoles, upsert };

/** The operation picker; the node lists it before the shared Organization field. */
export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['role'] } },
	options: [
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update a role',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Get Many', value: 'getMany', action: 'Get many roles' },
		{ name: 'Set Members', value: 'setMembers', action: 'Set the members of a role' },
		{
			name: 'Sync Roles',
			value: 'syncRoles',
			action: 'Sync the roles of one source',
			description: 'Make each role of one source hold exactly the members of its tag / role, with a dry run and a removal guard',
		},
	],
	default: 'getMany',
};

/** The fields of every operation. */
export const description: INodeProperties[] = [
	...getMany.description,
	...upsert.description,
	...setMembers.description,
	...syncRoles.description,
];
