import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireUserId } from '../../../../lib/dingtalk/validate';
import type { UserOutput } from '../../helpers/shapeUser';
import { shapeUser } from '../../helpers/shapeUser';
import { userIdField, userOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [userIdField, userOutputField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const userid = requireUserId(this.getNodeParameter('userId', i), 'User ID');
	return shapeUser(await client.getUser(userid), this.getNodeParameter('output', i) as UserOutput);
}
