import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { findUser, findUserFields } from '../common';

const properties: INodeProperties[] = findUserFields('get');

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

/** The SCIM user as the server answers it; a user that does not exist fails the item. */
export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	return (await findUser(this, i, client)) as IDataObject;
}
