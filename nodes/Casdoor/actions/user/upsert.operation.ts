import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { CasdoorUser } from '../../../../lib/casdoor/types';
import { diffUser } from '../../../../lib/directory/engine/userDiff';
import { forItem, readUserInput, requireValidNewName, userDataFields } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Finds the user by name: adds it when missing, otherwise writes only the fields whose values differ, and writes nothing when none do. Empty values never blank a field.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...userDataFields(['upsert'], true),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['upsert'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const input = readUserInput(this, i, client);
	const existing = await client.getUser(input.owner, input.name);
	if (!existing) {
		requireValidNewName(input.name);
		const user: CasdoorUser = { type: 'normal-user', ...input.fields, owner: input.owner, name: input.name };
		if (input.password) user.password = input.password;
		await forItem(input, async () => await client.addUser(user));
		return { action: 'created', owner: input.owner, name: input.name };
	}
	const diff = diffUser(input.fields, existing);
	if (diff.columns.length === 0) return { action: 'unchanged', owner: input.owner, name: input.name };
	const affected = await client.updateUser(input.owner, input.name, diff.changes as IDataObject, diff.columns);
	return {
		action: affected ? 'updated' : 'unchanged',
		owner: input.owner,
		name: input.name,
		columns: diff.columns,
		changes: diff.changes as IDataObject,
		before: diff.before as IDataObject,
	};
}
