import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteMember from './delete.operation';
import * as deleteMany from './deleteMany.operation';
import * as get from './get.operation';
import * as getAllInDirectory from './getAllInDirectory.operation';
import * as getByEmail from './getByEmail.operation';
import * as getByMobile from './getByMobile.operation';
import * as getMany from './getMany.operation';
import * as invite from './invite.operation';
import * as mapToIamUser from './mapToIamUser.operation';
import * as syncMembers from './syncMembers.operation';
import * as update from './update.operation';

export { create, deleteMany, get, getAllInDirectory, getByEmail, getByMobile, getMany, invite, mapToIamUser, syncMembers, update };
export { deleteMember as delete };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a member' },
			{ name: 'Delete', value: 'delete', action: 'Delete a member' },
			{ name: 'Delete Many', value: 'deleteMany', action: 'Delete many members' },
			{ name: 'Get', value: 'get', action: 'Get a member' },
			{ name: 'Get All in Directory', value: 'getAllInDirectory', action: 'Get every member of the directory' },
			{ name: 'Get by Email', value: 'getByEmail', action: 'Find a member by email' },
			{ name: 'Get by Mobile', value: 'getByMobile', action: 'Find a member by mobile' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many members of a department' },
			{ name: 'Invite', value: 'invite', action: 'Invite members' },
			{
				name: 'Map to IAM User',
				value: 'mapToIamUser',
				action: 'Map members to IAM users',
				description: 'Turn members into Casdoor / Hanzo IAM user records (no API call)',
			},
			{
				name: 'Sync Members',
				value: 'syncMembers',
				action: 'Sync members from input rows',
				description: 'Make the members of the managed departments match input rows (e.g. an HR export): create, update, move, disable or delete, with a dry run and a removal guard',
			},
			{ name: 'Update', value: 'update', action: 'Update a member' },
		],
		default: 'getAllInDirectory',
	},
	...create.description,
	...deleteMember.description,
	...deleteMany.description,
	...get.description,
	...getAllInDirectory.description,
	...getByEmail.description,
	...getByMobile.description,
	...getMany.description,
	...mapToIamUser.description,
	...invite.description,
	...syncMembers.description,
	...update.description,
];
