import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dingTalkSource } from '../../../../lib/directory/dingtalkSource';
import { walkDirectory } from '../../../../lib/directory/walk';
import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { OnDepartmentError } from '../../../../lib/directory/walk';
import { markRead, onDepartmentErrorField, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
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
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAllInDirectory'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = this.getNodeParameter('output', i) as UserOutput;
	const onDepartmentError = this.getNodeParameter('onDepartmentError', i, 'fail') as OnDepartmentError;
	const { members, tree, unreadable } = await walkDirectory(dingTalkSource(client), { limit, onDepartmentError });
	if (unreadable.length > 0) this.logger?.warn(`DingTalk directory read incomplete: ${unreadable.length} department(s) could not be read`, { departments: unreadable.map((d) => d.id) });
	return markRead(members.map((u) => shapeUser(u, output, tree)), { provider: 'dingtalk', scope: 'directory' }, limit, unreadable);
}
