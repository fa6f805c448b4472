import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { deleteTag } from '../../../../lib/wecom/tags';
import { readTagId, tagLocator } from './common';

const properties: INodeProperties[] = [tagLocator('The tag to delete. Only the app that created it may delete it.')];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['delete'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const tagId = readTagId(this, i);
	await deleteTag(client, tagId);
	return { tagId, deleted: true };
}
