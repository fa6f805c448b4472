import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { listAdmins } from '../../../../lib/dingtalk/roles';

const properties: INodeProperties[] = [
	{
		displayName:
			"Lists the organisation's administrators (topapi/user/listadmin) with their level. Feed the userids to Map to IAM User → Options → Administrators to set isAdmin.",
		name: 'adminNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['administrator'], operation: ['getMany'] } }, properties);

const LEVEL: Record<number, string> = { 1: 'primary', 2: 'sub' };

/** One item per administrator: sys_level 1 is the primary administrator, 2 a sub-administrator. */
export async function execute(this: IExecuteFunctions, _i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const admins = await listAdmins(client);
	return admins.map((a) => ({ userid: a.userid, level: LEVEL[a.sys_level] ?? String(a.sys_level), sysLevel: a.sys_level }));
}
