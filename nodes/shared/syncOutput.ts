import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { ActionOutcome } from '../../lib/directory/engine/applySync';
import type { Completeness } from '../../lib/directory/engine/completeness';
import type { UnreadableDepartment } from '../../lib/directory/sources/model';
import type { SyncAction, SyncActionKind, SyncPlan } from '../../lib/directory/engine/syncTypes';
import { omitKeys } from '../../lib/objects';
import { errorJson, toNodeError } from './errors';

/**
 * How a target names the planner's actions in its output: Casdoor forbids and unforbids,
 * SCIM deactivates and reactivates. `action` labels an action item, `counted` is the
 * summary's key for it.
 */
export type SyncVocabulary = Record<SyncActionKind, { action: string; counted: string }>;

type Word = { action: string; counted: string };

/** A target's vocabulary: the planner's words, with the target's own for a forbid and its undoing. */
export function syncVocabulary(forbid: Word, unforbid: Word): SyncVocabulary {
	return {
		create: { action: 'create', counted: 'created' },
		update: { action: 'update', counted: 'updated' },
		link: { action: 'link', counted: 'linked' },
		unforbid,
		forbid,
		delete: { action: 'delete', counted: 'deleted' },
		unchanged: { action: 'unchanged', counted: 'unchanged' },
		skip: { action: 'skip', counted: 'skipped' },
	};
}

export const casdoorVocabulary = syncVocabulary({ action: 'forbid', counted: 'forbidden' }, { action: 'unforbid', counted: 'unforbidden' });

export interface SummaryContext {
	mode: 'dryRun' | 'apply';
	/** Where the sync wrote, as the target names it ({organization} for Casdoor). */
	scope: IDataObject;
	source: string;
	removal: string;
	/** Departments the directory read could not read: the source is incomplete. */
	unreadable?: UnreadableDepartment[];
	/** How far the input let the sync remove. */
	completeness?: Completeness;
}

function actionJson(action: SyncAction, status: string, vocabulary: SyncVocabulary): IDataObject {
	const json: IDataObject = { action: vocabulary[action.action].action, status, ...(action.ref as IDataObject) };
	if (action.columns) json.columns = action.columns;
	if (action.changes) json.changes = action.changes as IDataObject;
	if (action.before) json.before = action.before as IDataObject;
	if (action.user) {
		// The plan's own record (made for this action, never changed after), copied only to
		// hide a password: a 100k-user plan would otherwise hold every record twice.
		const user = action.user as IDataObject;
		json.user = 'password' in user ? omitKeys(user, ['password']) : user;
	}
	if (action.reason) json.reason = action.reason;
	return json;
}

/**
 * A failed write as an error item. Only {error, message} (see errorJson in nodes/shared/errors.ts):
 * the engine routes such items to the error output and keeps them whole (an item carrying
 * `error` would be cut down to its message).
 */
function failedJson(node: INode, action: SyncAction, cause: unknown, item: number | undefined, vocabulary: SyncVocabulary): IDataObject {
	const { error: message, message: details } = errorJson(toNodeError(node, cause, item), cause);
	return {
		error: `${vocabulary[action.action].action} of user "${action.name}" failed: ${String(message)}`,
		// The action and what the target said (status, code, the fix) side by side, not nested.
		message: { ...actionJson(action, 'failed', vocabulary), ...((details as IDataObject | undefined) ?? {}) },
	};
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
	vocabulary: SyncVocabulary = casdoorVocabulary,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const done = { create: 0, update: 0, link: 0, unforbid: 0, forbid: 0, delete: 0, unchanged: 0, skip: 0 };
	let failed = 0;
	let createdByAnotherRun = 0;
	// One pairing per input item, shared by its action and the summary (which pairs with all of them).
	const pairs = Array.from({ length: inputCount }, (_, item) => ({ item }));
	plan.actions.forEach((action, k) => {
		const outcome = outcomes?.[k];
		const pairedItem = action.sourceIndex !== undefined ? pairs[itemIndex[action.sourceIndex]] : undefined;
		const writes = action.action !== 'unchanged' && action.action !== 'skip';
		if (outcome?.status === 'failed') {
			failed++;
			out.push({ json: failedJson(node, action, outcome.error, pairedItem?.item, vocabulary), pairedItem });
			return;
		}
		// Another run of this sync created the user first (two runs at once): not this run's creation.
		if (outcome?.byAnotherRun) {
			createdByAnotherRun++;
			out.push({ json: actionJson(action, 'createdByAnotherRun', vocabulary), pairedItem });
			return;
		}
		// A write the target answered "changed nothing" (Casdoor's Unaffected) counts as unchanged.
		const kind = outcome?.unaffected ? 'unchanged' : action.action;
		done[kind]++;
		if (!writes && !includeUnchanged && action.action === 'unchanged') return;
		const status = !writes ? 'none' : outcomes ? (outcome?.unaffected ? 'unaffected' : 'done') : 'planned';
		out.push({ json: actionJson(action, status, vocabulary), pairedItem });
	});
	const summary: IDataObject = {
		action: 'summary',
		mode: context.mode,
		...context.scope,
		source: context.source,
		removalPolicy: context.removal,
		sourceUsers: plan.sourceUsers,
		existingUsers: plan.ownedUsers,
	};
	for (const kind of Object.keys(done) as SyncActionKind[]) {
		// Linked users appear only where account linking adopted some (it is off by default).
		if (kind !== 'link' || done.link > 0) summary[vocabulary[kind].counted] = done[kind];
	}
	// Only after an Apply: users the plan would have created that another run of the same sync created meanwhile.
	if (outcomes) summary.createdByAnotherRun = createdByAnotherRun;
	summary.failed = failed;
	if (plan.guard) summary.guard = `Apply would stop before any write: ${plan.guard.reason}.`;
	if (context.unreadable && context.unreadable.length > 0) {
		// An incomplete read: say so, and how many removals it held back.
		summary.incomplete = true;
		summary.unreadableDepartments = context.unreadable.map((d) => d.id);
		summary.removalsRefused = plan.refusedRemovals;
	}
	const completeness = context.completeness;
	if (completeness && completeness.reach !== 'whole') {
		// Removals were limited or held: say how many and why, so a Dry Run shows it before Apply.
		summary.inputComplete = false;
		summary.removalsHeld = plan.refusedRemovals;
		summary.removalsHeldBecause = completeness.reasons.join('; ');
	}
	out.push({ json: summary, pairedItem: pairs });
	return out;
}
