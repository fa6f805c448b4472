import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['department'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a department' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many departments' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
