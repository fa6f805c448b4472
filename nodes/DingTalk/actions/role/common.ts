import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../../../shared/descriptions';

/** The role picker (the node's `searchRoles`), or a role ID. */
export function roleLocator(description: string): INodeProperties {
	return idLocator({ displayName: 'Role', name: 'roleId', description }, 'searchRoles', 'role');
}

export const roleChangeFields = (verb: string): INodeProperties[] => [
	{
		displayName: 'Role IDs',
		name: 'roleIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3093, 3094',
		description: `The roles to ${verb}: role IDs separated by commas (from Role → Get Many), or an expression returning a list. Sent 20 per call.`,
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. manager4220, 0123456',
		description: 'DingTalk userids separated by commas, or an expression returning a list',
	},
];
