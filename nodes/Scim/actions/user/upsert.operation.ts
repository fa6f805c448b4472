import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { updateScimUser } from '../../../../lib/directory/targets/scim/scimWrites';
import type { ScimClient } from '../../../../lib/scim/client';
import { isConflict } from '../../../../lib/scim/profile';
import { toScimUser } from '../../../../lib/scim/userView';
import { settle } from '../../../../lib/transport/settle';
import { readUserView, userDataFields, userRef } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Finds the user by userName (filter userName eq): creates it when missing, otherwise writes only the fields whose values differ (PATCH, or PUT on servers without PATCH), and writes nothing when none do. Empty values never blank a field.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...userDataFields('upsert'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['upsert'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	const view = readUserView(this, i);
	let existing = await client.findUserByUserName(view.userName);
	if (!existing) {
		const created = await settle(async () => await client.createUser(toScimUser(view)));
		if (created.ok) return { action: 'created', ...userRef(created.value) };
		// 409 means "exists" (RFC 7644 §3.3): created since the lookup, or the server's filter missed it.
		if (isConflict(created.error)) existing = await client.findUserByUserName(view.userName);
		if (!existing) throw created.error;
	}
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
