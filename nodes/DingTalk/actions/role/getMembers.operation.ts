import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sourceTag } from '../../../../lib/directory/mapping/iamUser';
import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireRoleId } from '../../../../lib/dingtalk/roleInput';
import { getRole, listRoleMembers } from '../../../../lib/dingtalk/roles';
import { carryReadMarks } from '../../../shared/descriptions';
import { roleLocator } from './common';

const properties: INodeProperties[] = [
	{
		displayName:
			"One item per role with all its members' userids (read 200 per page). Casdoor → Role → Sync Roles takes these items as they are.",
		name: 'getMembersNotice',
		type: 'notice',
		default: '',
	},
	roleLocator('The role whose members to list'),
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['getMembers'] } }, properties);

export const concurrent = true;

/** role/getrole for the name, role/simplelist for the members. `source` names the app as Map to IAM User does by default. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const roleId = requireRoleId(this.getNodeParameter('roleId', i, '', { extractValue: true }), 'Role');
	const [role, members] = await Promise.all([getRole(client, roleId), listRoleMembers(client, roleId)]);
	const item: IDataObject = { roleId, roleName: role.name };
	if (role.groupId !== undefined) item.groupId = role.groupId;
	item.userids = members.map((m) => m.userid);
	item.members = members as unknown as IDataObject[];
	item.source = sourceTag('dingtalk', client.credentials.appKey);
	// The role list's mark travels with the role, so Sync Roles can tell whether the list was whole.
	return carryReadMarks(this.getInputData()[i]?.json, item);
}
