import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireUserId } from '../../../../lib/wecom/validate';
import type { MemberOutput } from '../../helpers/shapeMember';
import { shapeMember } from '../../helpers/shapeMember';
import { memberOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description: 'The WeCom userid of the member',
	},
	memberOutputField,
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const userid = requireUserId(this.getNodeParameter('userId', i), 'User ID');
	const member = await client.getMember(userid);
	return shapeMember(member, this.getNodeParameter('output', i) as MemberOutput);
}
