import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DirectoryApiError } from '../../../../lib/transport/errors';
import type { WeComClient } from '../../../../lib/wecom/client';
import { requireUserId } from '../../../../lib/wecom/validate';
import type { IfMissing } from './missing';
import { ifMissingField } from './missing';

const properties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description: 'The userid of the member to delete. WeCom deletes the member\'s bound Exmail mailbox too.',
	},
	ifMissingField,
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['delete'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const userid = requireUserId(this.getNodeParameter('userId', i));
	const ifMissing = this.getNodeParameter('ifMissing', i) as IfMissing;
	let failure: unknown;
	try {
		await client.deleteMember(userid);
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return { userid, deleted: true };
	if (ifMissing === 'skip' && failure instanceof DirectoryApiError && failure.errcode === 60111) {
		return { userid, deleted: false, notFound: true };
	}
	throw failure;
}
