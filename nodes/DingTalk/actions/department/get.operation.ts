import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DingTalkLanguage } from '../../../../lib/dingtalk/types';
import { requireDepartmentId } from '../../../../lib/dingtalk/validate';
import { departmentLocator, languageField } from '../common.descriptions';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department to read' }),
	languageField,
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const id = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	return (await client.getDepartment(id, this.getNodeParameter('language', i) as DingTalkLanguage)) as IDataObject;
}
