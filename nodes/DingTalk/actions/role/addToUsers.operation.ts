import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireRoleIds, requireRoleUsers } from '../../../../lib/dingtalk/roleInput';
import { changeRoles } from '../../../../lib/dingtalk/roles';
import { roleChangeFields } from './common';

const properties: INodeProperties[] = roleChangeFields('give to the users');

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['addToUsers'] } }, properties);

export const concurrent = true;

/** topapi/role/addrolesforemps: every 20 roles × 20 users is one call. Re-running is safe. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const roleIds = requireRoleIds(this.getNodeParameter('roleIds', i), 'Role IDs');
	const userids = requireRoleUsers(this.getNodeParameter('userIds', i), 'User IDs');
	const outcome = await changeRoles(client, 'add', roleIds, userids);
	return { roleIds, userids, added: true, calls: outcome.calls };
}
