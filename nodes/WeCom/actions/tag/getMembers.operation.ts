import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sourceTag } from '../../../../lib/directory/mapping/iamUser';
import type { WeComClient } from '../../../../lib/wecom/client';
import { getTagMembers } from '../../../../lib/wecom/tags';
import { carryReadMarks } from '../../../shared/descriptions';
import { readTagId, tagLocator } from './common';

const properties: INodeProperties[] = [
	{
		displayName:
			'One item per tag: its members\' userids, the members, and the departments tagged as a whole. WeCom lists only members inside the secret\'s visible scope. Casdoor → Role → Sync Roles takes these items as they are.',
		name: 'getMembersNotice',
		type: 'notice',
		default: '',
	},
	tagLocator('The tag whose members to list'),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['getMembers'] } }, properties);

export const concurrent = true;

/** tag/get. `source` names the corp as Map to IAM User does by default, so Sync Roles knows whose users these are. */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const tagId = readTagId(this, i);
	const tag = await getTagMembers(client, tagId);
	const result: IDataObject = {
		tagId,
		tagName: tag.tagname,
		userids: tag.userlist.map((u) => u.userid),
		members: tag.userlist as IDataObject[],
		departmentIds: tag.partylist,
		source: sourceTag('wecom', client.credentials.corpId),
	};
	if (tag.partylist.length) {
		result.warning = `Departments ${tag.partylist.join(', ')} are tagged as a whole; their members are not in "userids". Add them with Member → Get Many if roles should include them.`;
	}
	return carryReadMarks(this.getInputData()[i]?.json, result);
}
