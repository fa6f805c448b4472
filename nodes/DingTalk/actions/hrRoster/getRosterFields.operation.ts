import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { rosterFields } from '../../../../lib/dingtalk/hrm';
import { requireAgentId, requireFieldCodes, requireRosterUserIds } from '../../../../lib/dingtalk/hrmInput';
import { requireOneOf } from '../../../../lib/dingtalk/validate';
import { agentIdField, fieldCodesField, hrmApi, rosterOutputField, shapeRoster } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. manager4220, 0123456',
		description:
			'DingTalk userids separated by commas, or an expression returning a list (e.g. the userids of Get Employees On the Job). Read 100 per call.',
	},
	fieldCodesField('sys00-name, sys00-mobile, sys00-jobNumber, sys00-confirmJoinTime, sys01-employeeType, sys01-employeeStatus, sys01-regularTime'),
	agentIdField(),
	rosterOutputField,
];

export const description = updateDisplayOptions({ show: { resource: ['hrRoster'], operation: ['getRosterFields'] } }, properties);

/** POST /v1.0/hrm/rosters/lists/query, 100 userids per call in parallel: one item per employee DingTalk answers for. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const userids = requireRosterUserIds(this.getNodeParameter('userIds', i), 'User IDs');
	const codes = requireFieldCodes(this.getNodeParameter('fieldCodes', i), 'Field Codes');
	const agentId = requireAgentId(this.getNodeParameter('agentId', i), 'Agent ID');
	const output = requireOneOf(this.getNodeParameter('rosterOutput', i), 'Output', ['simplified', 'raw'] as const);
	const records = await rosterFields(hrmApi(this, client), agentId, userids, codes);
	return records.map((record) => (output === 'raw' ? ({ ...record } as IDataObject) : { userid: record.userId, ...shapeRoster(record) }));
}
