import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { organizationFor, requireName, userNameField } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Casdoor deletes the user for good, unless the organization has soft deletion enabled. Forbid keeps the account and only blocks sign-in.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	userNameField,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const owner = organizationFor(this, i, client);
	const name = requireName(this.getNodeParameter('userName', i));
	// "Unaffected" means there was no such user: nothing to do, not an error.
	const affected = await client.deleteUser(owner, name);
	return { action: affected ? 'deleted' : 'notFound', owner, name };
}
