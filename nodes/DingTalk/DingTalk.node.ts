import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as administrator from './actions/administrator';
import * as department from './actions/department';
import * as hrRoster from './actions/hrRoster';
import * as role from './actions/role';
import { router } from './actions/router';
import * as user from './actions/user';
import { searchDepartments, searchRoles } from './methods/listSearch';
import { getDepartments } from './methods/loadOptions';
import { DINGTALK_USER_FIELDS } from '../../lib/directory/targets/members/dingtalkTarget';
import { resourceMappingMethod } from '../shared/memberSyncFields';

export class DingTalk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk',
		name: 'dingTalk',
		icon: { light: 'file:../../icons/dingtalk.svg', dark: 'file:../../icons/dingtalk.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["operation"] || "").replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()) + " (" + ($parameter["resource"] || "").replace(/([A-Z])/g, " $1").trim() + ")" }}',
		description: 'Read and manage the DingTalk (钉钉) directory: departments, users, roles and administrators; read the HR roster (智能人事)',
		defaults: { name: 'DingTalk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Administrator', value: 'administrator' },
					{ name: 'Department', value: 'department' },
					{ name: 'HR Roster', value: 'hrRoster' },
					{ name: 'Role', value: 'role' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...administrator.description,
			...department.description,
			...hrRoster.description,
			...role.description,
			...user.description,
		],
	};

	methods = {
		listSearch: { searchDepartments, searchRoles },
		loadOptions: { getDepartments },
		resourceMapping: { getUserSyncFields: resourceMappingMethod(DINGTALK_USER_FIELDS) },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
