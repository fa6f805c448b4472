import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireTagName } from '../../../../lib/wecom/tagInput';
import { updateTag } from '../../../../lib/wecom/tags';
import { readTagId, tagLocator } from './common';

const properties: INodeProperties[] = [
	tagLocator('The tag to rename. Only the app that created it may change it.'),
	{
		displayName: 'New Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		description: 'The new tag name: 1 to 32 characters, unique in the corp',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['update'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const tagId = readTagId(this, i);
	const name = requireTagName(this.getNodeParameter('tagName', i), 'New Name');
	await updateTag(client, tagId, name);
	return { tagId, tagName: name, updated: true };
}
