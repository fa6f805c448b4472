import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { ActionOutcome } from '../../../lib/directory/applySync';
import type { UnreadableDepartment } from '../../../lib/directory/model';
import type { SyncAction, SyncPlan } from '../../../lib/directory/syncPlan';
import { errorJson, toNodeError } from '../../shared/errors';

export interface SummaryContext {
	mode: 'dryRun' | 'apply';
	organization: string;
	source: string;
	removal: string;
	/** Departments the directory read could not read: the source is incomplete. */
	unreadable?: UnreadableDepartment[];
}

function actionJson(action: SyncAction, status: string): IDataObject {
	const json: IDataObject = { action: action.action, status, owner: action.owner, name: action.name };
	if (action.columns) json.columns = action.columns;
	if (action.changes) json.changes = action.changes as IDataObject;
	if (action.before) json.before = action.before as IDataObject;
	if (action.user) {
		const user: IDataObject = { ...(action.user as IDataObject) };
		delete user.password;
		json.user = user;
	}
	if (action.reason) json.reason = action.reason;
	return json;
}

/**
 * One item per action, then a summary item. Actions of a source user are paired with its
 * input item. Removals have no input item; they carry no pairedItem, so that an error
 * item is not merged with an unrelated input user on the error output.
 */
export function syncItems(
	node: INode,
	plan: SyncPlan,
	outcomes: ActionOutcome[] | undefined,
	itemIndex: number[],
	inputCount: number,
	context: SummaryContext,
	includeUnchanged: boolean,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const done = { create: 0, update: 0, unforbid: 0, forbid: 0, delete: 0, unchanged: 0, skip: 0 };
	let failed = 0;
	plan.actions.forEach((action, k) => {
		const outcome = outcomes?.[k];
		const pairedItem = action.sourceIndex !== undefined ? { item: itemIndex[action.sourceIndex] } : undefined;
		const writes = action.action !== 'unchanged' && action.action !== 'skip';
		if (outcome?.status === 'failed') {
			failed++;
			const error = toNodeError(node, outcome.error, pairedItem?.item);
			// Only {error, message, details}: the engine routes such items to the error output and
			// keeps them whole (an item carrying `error` would be cut down to its message).
			const { error: message, ...rest } = errorJson(error, outcome.error);
			out.push({
				json: { error: `${action.action} of user "${action.name}" failed: ${String(message)}`, details: { ...actionJson(action, 'failed'), ...rest } },
				pairedItem,
			});
			return;
		}
		// A write Casdoor answered "Unaffected" changed nothing: count it as unchanged.
		const kind = outcome?.unaffected ? 'unchanged' : action.action;
		done[kind]++;
		if (!writes && !includeUnchanged && action.action === 'unchanged') return;
		const status = !writes ? 'none' : outcomes ? (outcome?.unaffected ? 'unaffected' : 'done') : 'planned';
		out.push({ json: actionJson(action, status), pairedItem });
	});
	const summary: IDataObject = {
		action: 'summary',
		mode: context.mode,
		organization: context.organization,
		source: context.source,
		removalPolicy: context.removal,
		sourceUsers: plan.sourceUsers,
		existingUsers: plan.ownedUsers,
		created: done.create,
		updated: done.update,
		unforbidden: done.unforbid,
		forbidden: done.forbid,
		deleted: done.delete,
		unchanged: done.unchanged,
		skipped: done.skip,
		failed,
	};
	if (plan.guard) summary.guard = `Apply would stop before any write: ${plan.guard.reason}.`;
	if (context.unreadable && context.unreadable.length > 0) {
		// An incomplete read: say so, and how many removals it held back.
		summary.incomplete = true;
		summary.unreadableDepartments = context.unreadable.map((d) => d.id);
		summary.removalsRefused = plan.refusedRemovals;
	}
	out.push({ json: summary, pairedItem: Array.from({ length: inputCount }, (_, item) => ({ item })) });
	return out;
}
