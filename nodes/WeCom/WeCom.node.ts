import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as administrator from './actions/administrator';
import * as department from './actions/department';
import * as member from './actions/member';
import * as message from './actions/message';
import * as tag from './actions/tag';
import { router } from './actions/router';
import { searchDepartments, searchTags } from './methods/listSearch';
import { WECOM_MEMBER_FIELDS } from '../../lib/directory/targets/members/wecomTarget';
import { resourceMappingMethod } from '../shared/memberSyncFields';

export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["operation"] || "").replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()) + " (" + ($parameter["resource"] || "").replace(/([A-Z])/g, " $1").trim() + ")" }}',
		description: 'Read and manage the WeCom (企业微信) directory: departments, members, tags and app administrators; send application messages',
		defaults: { name: 'WeCom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weComApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Administrator', value: 'administrator' },
					{ name: 'Department', value: 'department' },
					{ name: 'Member', value: 'member' },
					{ name: 'Message', value: 'message' },
					{ name: 'Tag', value: 'tag' },
				],
				default: 'member',
			},
			...administrator.description,
			...department.description,
			...member.description,
			...message.description,
			...tag.description,
		],
	};

	methods = {
		listSearch: { searchDepartments, searchTags },
		resourceMapping: { getMemberSyncFields: resourceMappingMethod(WECOM_MEMBER_FIELDS) },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
