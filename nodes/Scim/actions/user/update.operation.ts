import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { updateScimUser } from '../../../../lib/directory/targets/scim/scimWrites';
import type { ScimClient } from '../../../../lib/scim/client';
import { findUser, findUserFields, readUserView, userDataFields, userRef } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Only the fields given are written, and only when they differ (PATCH, or PUT on servers without PATCH); every other attribute of the user stays as it is.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...findUserFields('update'),
	...userDataFields('update'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	const view = readUserView(this, i, { keepUserName: true });
	const existing = await findUser(this, i, client);
	const diff = await updateScimUser(client, existing, view);
	if (diff.columns.length === 0) return { action: 'unchanged', ...userRef(existing) };
	return {
		action: 'updated',
		...userRef(existing),
		columns: diff.columns,
		changes: diff.changes as IDataObject,
		before: diff.before as IDataObject,
	};
}
