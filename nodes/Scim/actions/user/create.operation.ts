import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { toScimUser } from '../../../../lib/scim/userView';
import { readUserView, userDataFields } from '../common';

const properties: INodeProperties[] = userDataFields('create');

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

export const concurrent = true;

/** POST /Users. A user name already taken fails the item (409); Create or Update updates it instead. */
export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	return (await client.createUser(toScimUser(readUserView(this, i)))) as IDataObject;
}
