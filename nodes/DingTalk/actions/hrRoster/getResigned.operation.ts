import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DismissionInfo } from '../../../../lib/dingtalk/hrm';
import { DISMISSION_PAGE_SIZE, dismissionInfos, walkDismissions } from '../../../../lib/dingtalk/hrm';
import { optionalDateRange } from '../../../../lib/dingtalk/hrmInput';
import { requireOneOf } from '../../../../lib/dingtalk/validate';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { hrmApi, rosterOutputField, shapeDismission } from './common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Lists employees who have left, from DingTalk HR, with their last work day and reasons: the resigned list 50 at a time (GET /v1.0/hrm/employees/dismissions) and each page\'s details in one call (GET /v1.0/hrm/employees/dimissionInfos). The app needs qyapi_hrm_read_user.',
		name: 'resignedNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Last Work Day From',
		name: 'lastWorkDayFrom',
		type: 'dateTime',
		default: '',
		description:
			'Only employees whose last work day is on or after this moment. DingTalk has no date filter: the whole list is read and filtered here. A time without an offset is the n8n server\'s local time; DingTalk records last work days as midnight China time (UTC+8).',
	},
	{
		displayName: 'Last Work Day To',
		name: 'lastWorkDayTo',
		type: 'dateTime',
		default: '',
		description: 'Only employees whose last work day is on or before this moment',
	},
	...returnAllAndLimit({}),
	{ ...rosterOutputField, options: [
		{ name: 'Simplified', value: 'simplified', description: 'Readable names, the last work day as ISO text, statuses as words' },
		{ name: 'Raw', value: 'raw', description: 'The records exactly as DingTalk returns them' },
	] },
];

export const description = updateDisplayOptions({ show: { resource: ['hrRoster'], operation: ['getResigned'] } }, properties);

/** Two calls per 50 resigned employees (the list page and its details), nothing per person. */
export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const range = optionalDateRange(this.getNodeParameter('lastWorkDayFrom', i), this.getNodeParameter('lastWorkDayTo', i), 'Last Work Day From', 'Last Work Day To');
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = requireOneOf(this.getNodeParameter('rosterOutput', i), 'Output', ['simplified', 'raw'] as const);
	const filtered = range.from !== undefined || range.to !== undefined;
	const inRange = (info: DismissionInfo | undefined) => {
		if (!filtered) return true;
		const day = info?.lastWorkDay;
		if (typeof day !== 'number') return false;
		return (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);
	};

	const api = hrmApi(this, client);
	const items: IDataObject[] = [];
	const full = () => limit !== undefined && items.length >= limit;
	await walkDismissions(
		api,
		async (userids) => {
			const infos = await dismissionInfos(api, userids);
			const byId = new Map(infos.map((info) => [String(info.userId), info]));
			for (const userid of userids) {
				if (full()) break;
				const info = byId.get(userid);
				if (!inRange(info)) continue;
				if (!info) items.push({ userid });
				else items.push(output === 'raw' ? ({ ...info } as IDataObject) : shapeDismission(info));
			}
			return !full();
		},
		// Without a date filter a page need not be longer than what the limit still needs.
		() => (filtered || limit === undefined ? DISMISSION_PAGE_SIZE : Math.max(1, Math.min(DISMISSION_PAGE_SIZE, limit - items.length))),
	);
	return items;
}
