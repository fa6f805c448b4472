import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAllInDirectory from './getAllInDirectory.operation';
import * as getByEmail from './getByEmail.operation';
import * as getByMobile from './getByMobile.operation';
import * as getMany from './getMany.operation';

export { get, getAllInDirectory, getByEmail, getByMobile, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a member' },
			{ name: 'Get All in Directory', value: 'getAllInDirectory', action: 'Get every member of the directory' },
			{ name: 'Get by Email', value: 'getByEmail', action: 'Find a member by email' },
			{ name: 'Get by Mobile', value: 'getByMobile', action: 'Find a member by mobile' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many members of a department' },
		],
		default: 'getAllInDirectory',
	},
	...get.description,
	...getAllInDirectory.description,
	...getByEmail.description,
	...getByMobile.description,
	...getMany.description,
];
