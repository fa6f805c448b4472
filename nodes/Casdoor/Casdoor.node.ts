import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { organizationField } from './actions/common';
import * as group from './actions/group';
import * as role from './actions/role';
import { router } from './actions/router';
import * as user from './actions/user';

export class Casdoor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Casdoor',
		name: 'casdoor',
		icon: { light: 'file:../../icons/casdoor.svg', dark: 'file:../../icons/casdoor.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["operation"] || "").replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()) + " (" + ($parameter["resource"] || "").replace(/([A-Z])/g, " $1").trim() + ")" }}',
		description: 'Manage Casdoor / Hanzo IAM users, groups and roles, and sync directory users and roles into them',
		defaults: { name: 'Casdoor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'casdoorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'Role', value: 'role' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			group.operationField,
			role.operationField,
			user.operationField,
			organizationField,
			...group.description,
			...role.description,
			...user.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
