import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DirectoryApiError } from '../../../../lib/transport/errors';
import type { WeComClient } from '../../../../lib/wecom/client';
import { optionalTagId, requireTagName } from '../../../../lib/wecom/tagInput';
import { createTag, listTags } from '../../../../lib/wecom/tags';

const show = { resource: ['tag'], operation: ['create'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. UI Designers',
		description: 'The tag name: 1 to 32 characters, unique in the corp',
	},
	{
		displayName: 'If the Tag Already Exists',
		name: 'ifExists',
		description: 'What to do when a tag with this name already exists',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Report an error on the item' },
			{ name: 'Use the Existing Tag', value: 'useExisting', description: 'Look the tag up by name and output its ID, so re-runs are safe' },
		],
	},
	{
		displayName: 'Options',
		name: 'tagOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Tag ID',
				name: 'tagId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 12',
				description: 'The ID to give the tag (a positive whole number). Leave empty to let WeCom pick the next one.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export const concurrent = true;

/** tag/create. The tag belongs to the secret's app: only that secret may change it later. */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const name = requireTagName(this.getNodeParameter('tagName', i), 'Name');
	const options = this.getNodeParameter('tagOptions', i, {}) as IDataObject;
	const id = optionalTagId(options.tagId, 'Tag ID');
	const ifExists = this.getNodeParameter('ifExists', i) as 'fail' | 'useExisting';
	let failure: unknown;
	try {
		return { tagId: await createTag(client, name, id), tagName: name, action: 'created' };
	} catch (error) {
		failure = error ?? new Error('unknown failure');
	}
	// 40071: the name is taken. Tag names are unique, so the tag with this name is the one a re-run wants.
	if (failure instanceof DirectoryApiError && failure.errcode === 40071 && ifExists === 'useExisting') {
		const existing = (await listTags(client)).find((t) => t.tagname === name);
		if (existing) return { tagId: existing.tagid, tagName: existing.tagname, action: 'existing' };
	}
	throw failure;
}
