import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { findUser, findUserFields, userRef } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Deletes the user on the SCIM server for good. Deactivate keeps the account and only blocks sign-in.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...findUserFields('delete'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties);

export const concurrent = true;

/** DELETE /Users/{id}; by user name, the user is looked up first. A user that does not exist fails the item (404). */
export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	const id = String(this.getNodeParameter('value', i, '') ?? '').trim();
	if (this.getNodeParameter('findBy', i) === 'id' && id) {
		// No read first: DELETE itself answers 404 for an unknown ID.
		await client.deleteUser(id);
		return { action: 'deleted', id };
	}
	const user = await findUser(this, i, client);
	await client.deleteUser(String(user.id));
	return { action: 'deleted', ...userRef(user) };
}
