import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getAppAdmins } from '../../../../lib/wecom/admins';
import type { WeComClient } from '../../../../lib/wecom/client';
import { requireAgentId } from '../../../../lib/wecom/messageBody';

const properties: INodeProperties[] = [
	{
		displayName:
			"Lists the administrators of the app whose Agent ID is in the credential (agent/get_admin_list), external administrators excluded. Use the app's own secret. Feed the userids to Map to IAM User → Options → Administrators to set isAdmin.",
		name: 'adminNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['administrator'], operation: ['getMany'] } }, properties);

const ACCESS: Record<number, string> = { 0: 'sendMessages', 1: 'manage' };

/** One item per administrator: userid and what they may do with the app (auth_type 1 manage, 0 send messages). */
export async function execute(this: IExecuteFunctions, _i: number, client: WeComClient): Promise<IDataObject[]> {
	const agentId = requireAgentId(client.credentials.agentId);
	const admins = await getAppAdmins(client, agentId);
	return admins.map((a) => {
		const item: IDataObject = { userid: a.userid, access: ACCESS[a.auth_type] ?? String(a.auth_type), authType: a.auth_type };
		if (a.open_userid) item.openUserid = a.open_userid;
		return item;
	});
}
