import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DirectoryApiError, InputValidationError } from '../../../../lib/transport/errors';
import type { DeleteOutcome } from '../../../../lib/wecom/batchDelete';
import { deleteMembersInBatches } from '../../../../lib/wecom/batchDelete';
import type { WeComClient } from '../../../../lib/wecom/client';
import { userIdList } from '../../../../lib/wecom/validate';
import { errorJson, isRunFatal, toNodeError } from '../../../shared/errors';
import type { IfMissing } from './missing';
import { ifMissingField } from './missing';

const properties: INodeProperties[] = [
	{
		displayName:
			'Collects the User IDs of all input items and deletes them together with user/batchdelete, 200 per call. Each input item gets its own result. Invalid userids are refused before any call; other failures are reported per item after the batch ran.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan, lisi',
		description:
			'The userids to delete for this item: one (typically an expression reading the userid of the item), several separated by commas or new lines, or an expression returning a list',
	},
	ifMissingField,
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['deleteMany'] } }, properties);

const MAX_PER_ITEM = 10000;

/** One item's result from the outcome of each of its userids. */
function itemResult(userids: string[], outcomes: Map<string, DeleteOutcome>, ifMissing: IfMissing) {
	const deleted = userids.filter((u) => outcomes.get(u)?.status === 'deleted');
	const notFound = userids.filter((u) => outcomes.get(u)?.status === 'notFound');
	const failed = userids.find((u) => outcomes.get(u)?.status === 'failed');
	if (failed) {
		const outcome = outcomes.get(failed) as { error: unknown };
		const cause = outcome.error instanceof DirectoryApiError ? outcome.error.withDetails({ context: { userid: failed, deleted } }) : outcome.error;
		return { cause };
	}
	if (notFound.length && ifMissing === 'fail') {
		const first = (outcomes.get(notFound[0]) as { error: DirectoryApiError }).error;
		const cause = first.withDetails({
			errmsg: `no member with userid ${notFound.join(', ')}`,
			hint: `WeCom has no member with userid ${notFound.join(', ')} (left, deleted before, or a typo).${deleted.length ? ` The others of this item were deleted: ${deleted.join(', ')}.` : ''} Set "If the Member Does Not Exist" to Skip to treat missing members as done.`,
			context: { notFound, deleted },
		});
		return { cause };
	}
	return { json: notFound.length ? { deleted, notFound } : { deleted } };
}

/** Every input item at once: userids pooled, deduplicated, deleted in batches, one result per item. */
export async function executeOnce(this: IExecuteFunctions, client: WeComClient): Promise<INodeExecutionData[][]> {
	return [await deleteAll.call(this, client)];
}

async function deleteAll(this: IExecuteFunctions, client: WeComClient): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const lists: Array<string[] | { cause: unknown }> = [];
	for (let i = 0; i < count; i++) {
		try {
			const ids = userIdList(this.getNodeParameter('userIds', i), 'User IDs', MAX_PER_ITEM);
			if (!ids.length) throw new InputValidationError('User IDs', 'is required: give at least one userid');
			lists.push(ids);
		} catch (cause) {
			// Without "Continue on fail" an invalid item stops the node before anything is deleted.
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), cause, i);
			lists.push({ cause });
		}
	}
	const valid = lists.filter((l): l is string[] => Array.isArray(l)).flat();
	let outcomes = new Map<string, DeleteOutcome>();
	if (valid.length) {
		try {
			outcomes = await deleteMembersInBatches(client, valid);
		} catch (cause) {
			throw toNodeError(this.getNode(), cause);
		}
	}
	return lists.map((list, i) => {
		const result = Array.isArray(list) ? itemResult(list, outcomes, this.getNodeParameter('ifMissing', i) as IfMissing) : list;
		if ('json' in result) return { json: result.json, pairedItem: { item: i } };
		const error = toNodeError(this.getNode(), result.cause, i);
		if (!this.continueOnFail() || isRunFatal(result.cause)) throw error;
		return { json: errorJson(error, result.cause), pairedItem: { item: i } };
	});
}
