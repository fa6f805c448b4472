import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['administrator'] } },
		options: [{ name: 'Get Many', value: 'getMany', action: 'Get the administrators' }],
		default: 'getMany',
	},
	...getMany.description,
];
