import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireEmail } from '../../../../lib/wecom/validate';
import type { MemberOutput } from '../../helpers/shapeMember';
import { shapeMember } from '../../helpers/shapeMember';
import { memberOutputField } from '../common.descriptions';
import { lookupDetailsField } from './lookup';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'The email address of the member',
	},
	{
		displayName: 'Email Type',
		name: 'emailType',
		type: 'options',
		default: 1,
		options: [
			{ name: 'Business Mailbox', value: 1 },
			{ name: 'Personal Email', value: 2 },
		],
		description: 'Which of the member\'s addresses to match',
	},
	lookupDetailsField,
	{ ...memberOutputField, displayOptions: { show: { details: [true] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['getByEmail'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const email = requireEmail(this.getNodeParameter('email', i), 'Email');
	const emailType = Number(this.getNodeParameter('emailType', i)) === 2 ? 2 : 1;
	const userid = await client.getUserIdByEmail(email, emailType);
	if (!this.getNodeParameter('details', i)) return { userid };
	return shapeMember(await client.getMember(userid), this.getNodeParameter('output', i) as MemberOutput);
}
