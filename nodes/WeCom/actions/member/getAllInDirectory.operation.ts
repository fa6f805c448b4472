import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { walkDirectory } from '../../../../lib/directory/sources/walk';
import { weComSource } from '../../../../lib/directory/sources/wecomSource';
import type { WeComClient } from '../../../../lib/wecom/client';
import type { OnDepartmentError } from '../../../../lib/directory/sources/walk';
import { departmentScopeField, onDepartmentErrorField, readDepartmentScope, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { directoryReadItems } from '../../../shared/directoryRead';
import type { MemberOutput } from '../../helpers/shapeMember';
import { shapeMember } from '../../helpers/shapeMember';
import { memberOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Reads every department, then every department\'s members in parallel within WeCom\'s rate limits. Each member appears once, with all of their departments, names and paths. Use a self-built app secret whose visible scope is the whole company: a narrower scope stops the read (or, with "Skip the Department", marks it incomplete).',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	// Return All by default: a sync downstream removes users only after a complete read.
	...returnAllAndLimit({}, true),
	memberOutputField,
	onDepartmentErrorField,
	departmentScopeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getAllInDirectory'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = this.getNodeParameter('output', i) as MemberOutput;
	const onDepartmentError = this.getNodeParameter('onDepartmentError', i, 'fail') as OnDepartmentError;
	const scope = readDepartmentScope((name) => this.getNodeParameter(name, i, {}));
	const source = weComSource(client);
	const walked = await walkDirectory(source, { limit, onDepartmentError, shape: (m, tree) => shapeMember(m, output, tree) });
	if (walked.narrowedScope) {
		this.logger?.warn("WeCom directory read incomplete: the app's visible scope is narrower than the whole company", { roots: walked.narrowedScope.roots.map((r) => r.id) });
	}
	if (walked.unreadable.length > 0) this.logger?.warn(`WeCom directory read incomplete: ${walked.unreadable.length} department(s) could not be read`, { departments: walked.unreadable.map((d) => d.id) });
	return directoryReadItems('wecom', walked, { limit, scope });
}
