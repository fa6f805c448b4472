import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireTagId } from '../../../../lib/wecom/tagInput';
import type { TagChangeOutcome } from '../../../../lib/wecom/tags';
import { idLocator } from '../../../shared/descriptions';

/** The tag picker (the node's `searchTags`), or a tag ID. */
export function tagLocator(description: string): INodeProperties {
	return idLocator({ displayName: 'Tag', name: 'tagId', description }, 'searchTags', 'tag');
}

export function readTagId(ctx: IExecuteFunctions, i: number): number {
	return requireTagId(ctx.getNodeParameter('tagId', i, '', { extractValue: true }), 'Tag');
}

/** The item of Add / Remove Members: what changed, what WeCom refused, and a warning naming the refused ones. */
export function tagChangeResult(tagId: number, verb: 'added' | 'removed', outcome: TagChangeOutcome): IDataObject {
	const result: IDataObject = {
		tagId,
		[verb]: outcome.users,
		[verb === 'added' ? 'addedDepartments' : 'removedDepartments']: outcome.departments,
		invalidUsers: outcome.invalidUsers,
		invalidDepartments: outcome.invalidDepartments,
		calls: outcome.calls,
	};
	const bad = [...outcome.invalidUsers, ...outcome.invalidDepartments.map((d) => `department ${d}`)];
	if (bad.length) {
		result.warning = `WeCom refused ${bad.join(', ')} (unknown, ${verb === 'removed' ? 'not in the tag, ' : ''}or outside the secret's visible scope). The others were ${verb}.`;
	}
	return result;
}

export const membersFields = (verb: string): INodeProperties[] => [
	{
		displayName: 'Members',
		name: 'users',
		type: 'string',
		default: '',
		placeholder: 'e.g. zhangsan, lisi',
		description: `Userids to ${verb}, separated by commas, or an expression returning a list. Sent 1000 per call.`,
	},
	{
		displayName: 'Departments',
		name: 'departments',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2, 5',
		description: `Department IDs to ${verb}, separated by commas. Sent 100 per call.`,
	},
];
