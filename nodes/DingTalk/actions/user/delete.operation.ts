import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireUserId } from '../../../../lib/dingtalk/validate';
import { userIdField } from '../common.descriptions';

const properties: INodeProperties[] = [userIdField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const userid = requireUserId(this.getNodeParameter('userId', i), 'User ID');
	await client.deleteUser(userid);
	return { userid, status: 'deleted' };
}
