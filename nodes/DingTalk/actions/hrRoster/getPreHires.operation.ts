import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { listPreEntry, rosterFields } from '../../../../lib/dingtalk/hrm';
import { requireAgentId, requireFieldCodes } from '../../../../lib/dingtalk/hrmInput';
import { requireBoolean } from '../../../../lib/dingtalk/validate';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { agentIdField, fieldCodesField, hrmApi, shapeRoster } from './common';

const ROSTER_DEFAULT = 'sys00-name, sys00-mobile, sys00-email, sys00-confirmJoinTime, sys00-mainDeptId, sys00-mainDept, sys00-position, sys00-jobNumber, sys01-employeeType';

const properties: INodeProperties[] = [
	{
		displayName:
			"Lists pre-hires (待入职) from DingTalk HR (topapi/smartwork/hrm/employee/querypreentry, 50 per page). Their userids are temporary: DingTalk gives the person a new one on joining. The expected start date is the roster's hire date (sys00-confirmJoinTime), output as expectedStartDate.",
		name: 'preHireNotice',
		type: 'notice',
		default: '',
	},
	...returnAllAndLimit({}),
	{
		displayName: 'Add Roster Fields',
		name: 'addRosterFields',
		type: 'boolean',
		default: true,
		description: 'Whether to add roster fields (name, mobile, expected start date …) to each pre-hire, read 100 pre-hires per call',
	},
	agentIdField({ addRosterFields: [true] }),
	fieldCodesField(ROSTER_DEFAULT, { addRosterFields: [true] }),
];

export const description = updateDisplayOptions({ show: { resource: ['hrRoster'], operation: ['getPreHires'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const withRoster = requireBoolean(this.getNodeParameter('addRosterFields', i), 'Add Roster Fields');
	const agentId = withRoster ? requireAgentId(this.getNodeParameter('agentId', i), 'Agent ID') : 0;
	const codes = withRoster ? requireFieldCodes(this.getNodeParameter('fieldCodes', i), 'Field Codes') : [];

	const ids = await listPreEntry(client, limit);
	const items: IDataObject[] = ids.map((userid) => ({ userid, status: 'preHire' }));
	if (!withRoster || items.length === 0) return items;
	const records = await rosterFields(hrmApi(this, client), agentId, ids, codes);
	const byId = new Map(records.map((r) => [String(r.userId), r]));
	return items.map((item) => {
		const record = byId.get(String(item.userid));
		return record ? { ...item, ...shapeRoster(record, { hireDate: 'expectedStartDate' }) } : item;
	});
}
