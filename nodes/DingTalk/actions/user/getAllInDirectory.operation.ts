import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dingTalkSource } from '../../../../lib/directory/sources/dingtalkSource';
import { walkDirectory } from '../../../../lib/directory/sources/walk';
import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { OnDepartmentError } from '../../../../lib/directory/sources/walk';
import { departmentScopeField, onDepartmentErrorField, readDepartmentScope, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { directoryReadItems } from '../../../shared/directoryRead';
import type { UserOutput } from '../../helpers/shapeUser';
import { shapeUser } from '../../helpers/shapeUser';
import { userOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			"Walks the department tree from the root, then lists every department's users (100 per page), pages fetched in parallel within the credential's QPS budget. Each user appears once, with all of their departments, names and paths. No per-user calls.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	// Return All by default: a sync downstream removes users only after a complete read.
	...returnAllAndLimit({}, true),
	userOutputField,
	onDepartmentErrorField,
	departmentScopeField,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAllInDirectory'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = this.getNodeParameter('output', i) as UserOutput;
	const onDepartmentError = this.getNodeParameter('onDepartmentError', i, 'fail') as OnDepartmentError;
	const scope = readDepartmentScope((name) => this.getNodeParameter(name, i, {}));
	const source = dingTalkSource(client);
	const walked = await walkDirectory(source, { limit, onDepartmentError, shape: (u, tree) => shapeUser(u, output, tree) });
	if (walked.unreadable.length > 0) this.logger?.warn(`DingTalk directory read incomplete: ${walked.unreadable.length} department(s) could not be read`, { departments: walked.unreadable.map((d) => d.id) });
	return directoryReadItems('dingtalk', walked, { limit, scope });
}
