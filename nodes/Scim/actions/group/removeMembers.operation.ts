import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { changeMembers, membershipFields } from './members';

const properties: INodeProperties[] = membershipFields('removeMembers');

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['removeMembers'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	return await changeMembers(this, i, client, false);
}
