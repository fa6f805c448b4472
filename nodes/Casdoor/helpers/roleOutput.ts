import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { RoleAction, RolePlan } from '../../../lib/directory/targets/casdoor/rolePlan';
import type { Outcome } from '../../../lib/directory/engine/runPlan';
import { errorJson, toNodeError } from '../../shared/errors';

export interface RoleSummaryContext {
	mode: 'dryRun' | 'apply';
	organization: string;
	source: string;
	removal: string;
	unmatchedUsers: number;
	/** Why removals are held back (the input is not proven complete); absent when none are. */
	holdReason?: string;
}

function actionJson(action: RoleAction, status: string): IDataObject {
	const json: IDataObject = { action: action.action, status, owner: action.owner, name: action.name };
	if (action.role?.displayName !== undefined) json.displayName = action.role.displayName;
	if (action.changed) json.changed = action.changed;
	if (action.role && action.action !== 'empty') json.users = (action.role.users ?? []) as string[];
	if (action.added?.length) json.added = action.added;
	if (action.removed?.length) json.removed = action.removed;
	if (action.unmatched?.length) json.unmatched = action.unmatched;
	if (action.reason) json.reason = action.reason;
	return json;
}

/**
 * One item per role action, then a summary. Actions of an input role are paired with its
 * item; removals and IAM-user input have none (an error item must not merge with an
 * unrelated input on the error output).
 */
export function roleSyncItems(
	node: INode,
	plan: RolePlan,
	outcomes: Array<Outcome<RoleAction>> | undefined,
	inputCount: number,
	context: RoleSummaryContext,
	includeUnchanged: boolean,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const done = { create: 0, update: 0, empty: 0, delete: 0, unchanged: 0, skip: 0 };
	let failed = 0;
	plan.actions.forEach((action, k) => {
		const outcome = outcomes?.[k];
		const pairedItem = action.itemIndex !== undefined ? { item: action.itemIndex } : undefined;
		if (outcome?.status === 'failed') {
			failed++;
			const error = toNodeError(node, outcome.error, action.itemIndex);
			const { error: message, ...rest } = errorJson(error, outcome.error);
			out.push({
				json: { error: `${action.action} of role "${action.name}" failed: ${String(message)}`, details: { ...actionJson(action, 'failed'), ...rest } },
				pairedItem,
			});
			return;
		}
		const kind = outcome?.unaffected ? 'unchanged' : action.action;
		done[kind]++;
		const writes = action.action !== 'unchanged' && action.action !== 'skip';
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
		sourceRoles: plan.sourceRoles,
		existingRoles: plan.ownedRoles,
		created: done.create,
		updated: done.update,
		emptied: done.empty,
		deleted: done.delete,
		unchanged: done.unchanged,
		skipped: done.skip,
		failed,
		membersAdded: plan.membersAdded,
		membersRemoved: plan.membersRemoved,
		unmatchedUsers: context.unmatchedUsers,
	};
	if (plan.removalsHeld > 0) {
		summary.removalsHeld = plan.removalsHeld;
		summary.removalsHeldBecause = context.holdReason ?? '';
	}
	if (plan.guard) summary.guard = `Apply would stop before any write: ${plan.guard.reason}.`;
	out.push({ json: summary, pairedItem: Array.from({ length: inputCount }, (_, item) => ({ item })) });
	return out;
}
