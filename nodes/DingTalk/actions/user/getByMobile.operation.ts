import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireMobile } from '../../../../lib/dingtalk/validate';
import type { UserOutput } from '../../helpers/shapeUser';
import { shapeUser } from '../../helpers/shapeUser';
import { userOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 13800000000',
		description: 'The mobile number: 11 digits in mainland China, elsewhere the country code and number written like +852-51234567. Finds current employees only.',
	},
	{
		displayName: 'Include User Details',
		name: 'details',
		type: 'boolean',
		default: true,
		description: 'Whether to read the user after finding the userid (one more call). Off returns only the userid.',
	},
	{ ...userOutputField, displayOptions: { show: { details: [true] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getByMobile'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const mobile = requireMobile(this.getNodeParameter('mobile', i), 'Mobile');
	const userid = await client.getUserIdByMobile(mobile);
	if (!this.getNodeParameter('details', i)) return { userid };
	return shapeUser(await client.getUser(userid), this.getNodeParameter('output', i) as UserOutput);
}
