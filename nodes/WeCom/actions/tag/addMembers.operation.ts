import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { tagMembersInput } from '../../../../lib/wecom/tagInput';
import { changeTagMembers } from '../../../../lib/wecom/tags';
import { membersFields, readTagId, tagChangeResult, tagLocator } from './common';

const properties: INodeProperties[] = [
	tagLocator('The tag to add to. Only the app that created it may change its members.'),
	...membersFields('add to the tag'),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['addMembers'] } }, properties);

export const concurrent = true;

/**
 * tag/addtagusers, 1000 userids and 100 departments per call. WeCom answers a partly
 * invalid call with success and the invalid ones listed: they are reported on the item.
 * The item fails only when WeCom refused every one of them.
 */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const tagId = readTagId(this, i);
	const input = tagMembersInput(this.getNodeParameter('users', i), this.getNodeParameter('departments', i));
	const outcome = await changeTagMembers(client, 'add', tagId, input.users, input.departments);
	return tagChangeResult(tagId, 'added', outcome);
}
