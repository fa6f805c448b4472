import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { inviteBody } from '../../../../lib/wecom/inviteBody';

const properties: INodeProperties[] = [
	{
		displayName: 'Members',
		name: 'users',
		type: 'string',
		default: '',
		placeholder: 'e.g. zhangsan, lisi',
		description: 'Userids to invite, separated by commas (at most 1000), or an expression returning a list',
	},
	{
		displayName: 'Departments',
		name: 'departments',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2, 5',
		description: 'Department IDs whose members to invite (at most 100)',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1',
		description: 'Tag IDs whose members to invite (at most 100)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['invite'] } }, properties);

export const concurrent = true;

/**
 * batch/invite. WeCom answers success even when some recipients are invalid, and success does
 * not mean the invitation was delivered: the invalid ones are reported on the item, with a warning.
 */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const body = inviteBody({
		users: this.getNodeParameter('users', i),
		departments: this.getNodeParameter('departments', i),
		tags: this.getNodeParameter('tags', i),
	});
	const invalid = await client.invite(body);
	const result: IDataObject = {
		invited: { users: body.user ?? [], departments: body.party ?? [], tags: body.tag ?? [] },
		invaliduser: invalid.invalidUsers,
		invalidparty: invalid.invalidDepartments,
		invalidtag: invalid.invalidTags,
	};
	const bad = [...invalid.invalidUsers, ...invalid.invalidDepartments, ...invalid.invalidTags];
	if (bad.length) {
		result.warning = `WeCom could not invite: ${bad.join(', ')} (unknown, or outside the secret's visible scope). The others were invited.`;
	}
	return result;
}
