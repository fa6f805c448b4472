import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAllInDirectory from './getAllInDirectory.operation';
import * as getByEmail from './getByEmail.operation';
import * as getByMobile from './getByMobile.operation';
import * as getMany from './getMany.operation';
import * as mapToIamUser from './mapToIamUser.operation';

export { get, getAllInDirectory, getByEmail, getByMobile, getMany, mapToIamUser };

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
			{
				name: 'Map to IAM User',
				value: 'mapToIamUser',
				action: 'Map members to IAM users',
				description: 'Turn members into Casdoor / Hanzo IAM user records (no API call)',
			},
		],
		default: 'getAllInDirectory',
	},
	...get.description,
	...getAllInDirectory.description,
	...getByEmail.description,
	...getByMobile.description,
	...getMany.description,
	...mapToIamUser.description,
];
