import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as upsert from './upsert.operation';

export { getMany, upsert };

/** The operation picker; the node lists it before the shared Organization field. */
export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['group'] } },
	options: [
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update groups from departments',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Get Many', value: 'getMany', action: 'Get many groups' },
	],
	default: 'getMany',
};

/** The fields of every operation. */
export const description: INodeProperties[] = [
	...getMany.description,
	...upsert.description,
];
