import type { CasdoorUser } from '../casdoor/types';
import type { IamUser } from './iamUser';
import { SOURCE_PROPERTY } from './iamUser';
import type { RemovalGuard } from './removalGuard';
import { removalGuard } from './removalGuard';
import { diffUser } from './userDiff';

export type RemovalPolicy = 'ignore' | 'forbid' | 'delete';

export interface SyncPolicy {
	organization: string;
	/** The source tag (properties.source) whose users this sync owns. */
	source: string;
	removal: RemovalPolicy;
	/** Stop when removals exceed this share of the source's existing users. */
	maxRemovalPercent: number;
	/** Skip the removal guard (a deliberate large reorganisation). */
	allowLargeRemovals: boolean;
}

export type SyncActionKind = 'create' | 'update' | 'unforbid' | 'forbid' | 'delete' | 'unchanged' | 'skip';

export interface SyncAction {
	action: SyncActionKind;
	owner: string;
	name: string;
	/** Index of the source user this action comes from; absent for removals. */
	sourceIndex?: number;
	/** create: the full record to add. */
	user?: Record<string, unknown>;
	/** update / unforbid / forbid: the columns to write and their values. */
	columns?: string[];
	changes?: Record<string, unknown>;
	before?: Record<string, unknown>;
	reason?: string;
}

export interface SyncCounts {
	create: number;
	update: number;
	unforbid: number;
	forbid: number;
	delete: number;
	unchanged: number;
	skip: number;
}

export interface SyncPlan {
	actions: SyncAction[];
	counts: SyncCounts;
	/** Users in the input. */
	sourceUsers: number;
	/** Users in Casdoor tagged with this source before the sync. */
	ownedUsers: number;
	/** Set when the removal guard refuses the plan; nothing may be written then. */
	guard?: RemovalGuard;
}

export function isRemoval(action: SyncAction): boolean {
	return action.action === 'forbid' || action.action === 'delete';
}

export function isWrite(action: SyncAction): boolean {
	return action.action !== 'unchanged' && action.action !== 'skip';
}

function tagOf(user: { properties?: Record<string, string> | null }): string | undefined {
	return user.properties?.[SOURCE_PROPERTY] || undefined;
}

/**
 * Plan a sync of one source into one organization: pure, no calls. The source users are
 * matched to Casdoor users by name. Only users tagged with this source are ever changed:
 * a local user or another source's user with the same name is skipped, never adopted.
 * Users of this source missing upstream are forbidden, deleted or left alone as the
 * policy says; a returning user is unforbidden by its own isForbidden=false (and restored
 * if it was soft-deleted). Updates carry
 * only the changed columns of the fields the mapping produced.
 */
export function planSync(source: readonly IamUser[], target: readonly CasdoorUser[], policy: SyncPolicy): SyncPlan {
	const byName = new Map<string, CasdoorUser>();
	for (const user of target) if (user.owner === undefined || user.owner === policy.organization) byName.set(user.name, user);
	const owned = target.filter((u) => byName.get(u.name) === u && tagOf(u) === policy.source);

	const actions: SyncAction[] = [];
	const seen = new Map<string, number>();
	source.forEach((input, index) => {
		const base = { owner: policy.organization, name: input.name, sourceIndex: index };
		const first = seen.get(input.name);
		if (first !== undefined) {
			actions.push({ ...base, action: 'skip', reason: `duplicate name: input item ${first} has the same name` });
			return;
		}
		seen.set(input.name, index);
		const desired: Record<string, unknown> = {
			...input,
			owner: policy.organization,
			properties: { ...(input.properties ?? {}), [SOURCE_PROPERTY]: policy.source },
		};
		const existing = byName.get(input.name);
		if (!existing) {
			// Users Casdoor's own syncer creates are "normal-user"; do the same so they look alike.
			actions.push({ ...base, action: 'create', user: { type: 'normal-user', ...desired } });
			return;
		}
		const tag = tagOf(existing);
		if (tag !== policy.source) {
			const owner = tag ? `source "${tag}"` : 'no source (a local user)';
			actions.push({
				...base,
				action: 'skip',
				reason: `a Casdoor user with this name already exists and belongs to ${owner}; it is left untouched`,
			});
			return;
		}
		// A user soft-deleted by an earlier sync (organizations with soft deletion) is restored when it returns.
		const diff = diffUser(existing.isDeleted === true ? { ...desired, isDeleted: false } : desired, existing);
		if (diff.columns.length === 0) {
			actions.push({ ...base, action: 'unchanged' });
			return;
		}
		const unforbid =
			(diff.changes.isForbidden === false && existing.isForbidden === true) || diff.changes.isDeleted === false;
		actions.push({ ...base, action: unforbid ? 'unforbid' : 'update', columns: diff.columns, changes: diff.changes, before: diff.before });
	});

	let removals = 0;
	for (const user of owned) {
		if (seen.has(user.name)) continue;
		const base = { owner: policy.organization, name: user.name };
		if (policy.removal === 'ignore') {
			actions.push({ ...base, action: 'skip', reason: 'missing upstream; the removal policy is "ignore"' });
		} else if (policy.removal === 'forbid') {
			if (user.isForbidden === true || user.isDeleted === true) {
				actions.push({ ...base, action: 'unchanged', reason: `missing upstream, already ${user.isDeleted ? 'deleted' : 'forbidden'}` });
			} else {
				removals++;
				actions.push({
					...base,
					action: 'forbid',
					columns: ['isForbidden'],
					changes: { isForbidden: true },
					before: { isForbidden: false },
					reason: 'missing upstream',
				});
			}
		} else if (user.isDeleted === true) {
			actions.push({ ...base, action: 'unchanged', reason: 'missing upstream, already deleted' });
		} else {
			removals++;
			actions.push({ ...base, action: 'delete', reason: 'missing upstream' });
		}
	}

	const counts: SyncCounts = { create: 0, update: 0, unforbid: 0, forbid: 0, delete: 0, unchanged: 0, skip: 0 };
	for (const a of actions) counts[a.action]++;
	const plan: SyncPlan = { actions, counts, sourceUsers: source.length, ownedUsers: owned.length };

	const verb = policy.removal === 'delete' ? 'delete' : 'forbid';
	const guard = removalGuard({
		removals,
		owned: owned.length,
		sourceEmpty: source.length === 0,
		maxRemovalPercent: policy.maxRemovalPercent,
		allowLargeRemovals: policy.allowLargeRemovals,
		emptyReason: `the input has no users, but ${owned.length} Casdoor users of source "${policy.source}" exist in "${policy.organization}". An empty source usually means the directory read failed or was filtered`,
		overReason: (percent) =>
			`it would ${verb} ${removals} of the ${owned.length} users of source "${policy.source}" in "${policy.organization}" (${percent}%), above the ${policy.maxRemovalPercent}% limit`,
	});
	if (guard) plan.guard = guard;
	return plan;
}
