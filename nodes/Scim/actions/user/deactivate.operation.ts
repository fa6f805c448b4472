import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { findUserFields } from '../common';
import { setActive } from './setActive';

const properties: INodeProperties[] = [
	{
		displayName: 'Sets active to false: the user can no longer sign in, and the account and its data stay (reversible with Reactivate).',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...findUserFields('deactivate'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['deactivate'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	return await setActive(this, i, client, false);
}
