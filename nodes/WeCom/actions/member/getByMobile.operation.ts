import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireMobile } from '../../../../lib/wecom/validate';
import type { MemberOutput } from '../../helpers/shapeMember';
import { shapeMember } from '../../helpers/shapeMember';
import { memberOutputField } from '../common.descriptions';
import { lookupDetailsField } from './lookup';

const properties: INodeProperties[] = [
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 13800000000',
		description:
			'The mobile number of the member. Note: when misses exceed 20% of headcount WeCom blocks this API for a day.',
	},
	lookupDetailsField,
	{ ...memberOutputField, displayOptions: { show: { details: [true] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['getByMobile'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const mobile = requireMobile(this.getNodeParameter('mobile', i), 'Mobile');
	const userid = await client.getUserIdByMobile(mobile);
	if (!this.getNodeParameter('details', i)) return { userid };
	return shapeMember(await client.getMember(userid), this.getNodeParameter('output', i) as MemberOutput);
}
