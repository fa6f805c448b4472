import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { OnJobStatus } from '../../../../lib/dingtalk/hrm';
import { listOnJob, ON_JOB_STATUSES, rosterFields } from '../../../../lib/dingtalk/hrm';
import { requireAgentId, requireFieldCodes, requireOnJobStatuses } from '../../../../lib/dingtalk/hrmInput';
import { requireBoolean } from '../../../../lib/dingtalk/validate';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { agentIdField, fieldCodesField, hrmApi, shapeRoster } from './common';

const ROSTER_DEFAULT = 'sys00-name, sys00-mobile, sys00-email, sys00-jobNumber, sys00-mainDeptId, sys00-mainDept, sys00-position, sys00-confirmJoinTime';

const properties: INodeProperties[] = [
	{
		displayName:
			'Lists employees recorded in DingTalk HR (智能人事) since the organisation enabled it, by status (topapi/smartwork/hrm/employee/queryonjob, 50 per page). The app needs the permission qyapi_hrm_read_user.',
		name: 'onJobNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		required: true,
		default: ['probation', 'regular', 'toBeResigned', 'noStatus'],
		options: [
			{ name: 'Probation (试用期)', value: 'probation' },
			{ name: 'Regular (正式)', value: 'regular' },
			{ name: 'To Be Resigned (待离职)', value: 'toBeResigned' },
			{ name: 'No Status (无状态)', value: 'noStatus' },
		],
		description: 'Which on-the-job statuses to list; each item says which one the employee has',
	},
	...returnAllAndLimit({}),
	{
		displayName: 'Add Roster Fields',
		name: 'addRosterFields',
		type: 'boolean',
		default: false,
		description: 'Whether to add roster fields (name, mobile, hire date …) to each employee, read 100 employees per call',
	},
	agentIdField({ addRosterFields: [true] }),
	fieldCodesField(ROSTER_DEFAULT, { addRosterFields: [true] }),
];

export const description = updateDisplayOptions({ show: { resource: ['hrRoster'], operation: ['getOnJob'] } }, properties);

/** One call per page per status (so each employee's status is known), then the roster in batches of 100. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const statuses = requireOnJobStatuses(this.getNodeParameter('statuses', i), 'Statuses');
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const withRoster = requireBoolean(this.getNodeParameter('addRosterFields', i), 'Add Roster Fields');
	const agentId = withRoster ? requireAgentId(this.getNodeParameter('agentId', i), 'Agent ID') : 0;
	const codes = withRoster ? requireFieldCodes(this.getNodeParameter('fieldCodes', i), 'Field Codes') : [];

	const items: IDataObject[] = [];
	for (const status of statuses) {
		const remaining = limit === undefined ? undefined : limit - items.length;
		if (remaining !== undefined && remaining <= 0) break;
		const ids = await listOnJob(client, status, remaining);
		for (const userid of ids) items.push({ userid, status, statusCode: ON_JOB_STATUSES[status as OnJobStatus] });
	}
	if (!withRoster || items.length === 0) return items;
	const records = await rosterFields(hrmApi(this, client), agentId, items.map((it) => String(it.userid)), codes);
	const byId = new Map(records.map((r) => [String(r.userId), r]));
	return items.map((item) => {
		const record = byId.get(String(item.userid));
		return record ? { ...item, ...shapeRoster(record) } : item;
	});
}
