import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { UserLookupField } from '../../../../lib/casdoor/types';
import { DirectoryApiError, InputValidationError } from '../../../../lib/transport/errors';
import { organizationFor, requireName } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		description: 'Which field identifies the user',
		type: 'options',
		default: 'name',
		options: [
			{ name: 'User Name', value: 'name' },
			{ name: 'Email', value: 'email' },
			{ name: 'Phone', value: 'phone' },
			{ name: 'User ID', value: 'userId', description: 'Casdoor\'s "ID" field' },
		],
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		description: 'The user name, email, phone or user ID to look for (an exact match)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const owner = organizationFor(this, i, client);
	const findBy = this.getNodeParameter('findBy', i) as 'name' | UserLookupField;
	const value = requireName(this.getNodeParameter('value', i), 'Value');
	if (findBy === 'email' && !value.includes('@')) throw new InputValidationError('Value', 'must be an email address');
	const user = findBy === 'name' ? await client.getUser(owner, value) : await client.findUser(owner, findBy, value);
	if (!user) {
		// Casdoor answers a miss with data: null; a Get that finds nothing fails the item.
		throw new DirectoryApiError({
			provider: 'Casdoor',
			errorClass: 'item',
			path: '/api/get-user',
			errmsg: `no user with ${findBy === 'name' ? 'name' : findBy} "${value}" in organization "${owner}"`,
		});
	}
	return user as IDataObject;
}
