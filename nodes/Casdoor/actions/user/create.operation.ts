import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { CasdoorUser } from '../../../../lib/casdoor/types';
import { forItem, readUserInput, requireValidNewName, userDataFields } from '../common';

const properties: INodeProperties[] = userDataFields(['create'], true);

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const input = readUserInput(this, i, client);
	requireValidNewName(input.name);
	const user: CasdoorUser = { type: 'normal-user', ...input.fields, owner: input.owner, name: input.name };
	if (input.password) user.password = input.password;
	const affected = await forItem(input, async () => await client.addUser(user));
	const shown = { ...user } as IDataObject;
	delete shown.password;
	return { action: affected ? 'created' : 'unchanged', owner: input.owner, name: input.name, user: shown };
}
