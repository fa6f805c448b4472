import type { INodeProperties } from 'n8n-workflow';

import * as getOnJob from './getOnJob.operation';
import * as getPreHires from './getPreHires.operation';
import * as getResigned from './getResigned.operation';
import * as getRosterFields from './getRosterFields.operation';

export { getOnJob, getPreHires, getResigned, getRosterFields };

/** DingTalk HR roster (智能人事) reads: docs/dingtalk-hrm-reference.md. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['hrRoster'] } },
		options: [
			{ name: 'Get Employee Roster Fields', value: 'getRosterFields', action: 'Get roster fields of employees' },
			{ name: 'Get Employees On the Job', value: 'getOnJob', action: 'Get employees on the job' },
			{ name: 'Get Pre-Hires', value: 'getPreHires', action: 'Get employees waiting to join' },
			{ name: 'Get Resigned Employees', value: 'getResigned', action: 'Get resigned employees' },
		],
		default: 'getOnJob',
	},
	...getOnJob.description,
	...getPreHires.description,
	...getResigned.description,
	...getRosterFields.description,
];
