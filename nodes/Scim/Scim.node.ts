import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group';
import { router } from './actions/router';
import * as user from './actions/user';

export class Scim implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SCIM',
		name: 'scim',
		icon: { light: 'file:../../icons/scim.svg', dark: 'file:../../icons/scim.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["operation"] || "").replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()) + " (" + ($parameter["resource"] || "").replace(/([A-Z])/g, " $1").trim() + ")" }}',
		description:
			'Manage users and groups on any SCIM 2.0 identity provider (authentik, Zitadel, JumpCloud, OneLogin …), and sync directory users into it',
		defaults: { name: 'SCIM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scimApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			group.operationField,
			user.operationField,
			...group.description,
			...user.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
