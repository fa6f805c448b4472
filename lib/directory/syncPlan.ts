import type { CasdoorUser } from '../casdoor/types';
import type { IamUser } from './iamUser';
import { SOURCE_PROPERTY } from './iamUser';
import { GROUP_PATH_SEPARATOR, groupNameForId, groupNameForPath } from './iamNames';
import type { UnreadableDepartment } from './model';
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
	/**
	 * Departments the directory read could not read (the source is incomplete). A user missing
	 * upstream is then removed only when every one of its last-known department groups is a
	 * department this read did read; otherwise the removal is refused (see removalBlocker).
	 */
	unreadable?: readonly UnreadableDepartment[];
	/** Names still upstream that this sync does not write (their input is invalid): never removed. */
	keep?: readonly string[];
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
	guard?: { removals: number; owned: number; percent: number; reason: string };
	/** Removals refused because the source is incomplete (see SyncPolicy.unreadable). */
	refusedRemovals: number;
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
 * For an incomplete source: which last-known department groups of a user missing upstream
 * stop its removal. A group is known to be read completely when some source user is in it
 * (so its department was in the tree read) and it is not one of the unreadable departments
 * (by ID or path; for a subtree, anything below its path too). A user with no department
 * group at all cannot be placed, so it is not removed either. Returns undefined when the user
 * may be removed. Users who moved into an unreadable department since the last sync are the
 * one case this cannot see: their last-known departments were read and they are not there.
 */
function removalBlocker(
	policy: SyncPolicy,
	source: readonly IamUser[],
): ((user: CasdoorUser) => string | undefined) | undefined {
	const unreadable = policy.unreadable ?? [];
	if (unreadable.length === 0) return undefined;
	const org = policy.organization;
	const blocked = new Set<string>();
	const blockedPrefixes: string[] = [];
	for (const d of unreadable) {
		blocked.add(`${org}/${groupNameForId(d.id)}`);
		if (d.path) {
			const byPath = `${org}/${groupNameForPath(d.path, org)}`;
			blocked.add(byPath);
			if (d.scope === 'subtree') blockedPrefixes.push(`${byPath}${GROUP_PATH_SEPARATOR}`);
		}
	}
	const isBlocked = (group: string) => blocked.has(group) || blockedPrefixes.some((p) => group.startsWith(p));
	const readable = new Set<string>();
	for (const user of source) for (const group of user.groups ?? []) if (!isBlocked(group)) readable.add(group);
	const ids = unreadable.map((d) => d.id).slice(0, 10).join(', ') + (unreadable.length > 10 ? ', …' : '');
	const why = `the directory read was incomplete (departments ${ids} could not be read)`;
	return (user) => {
		const groups = (Array.isArray(user.groups) ? (user.groups as unknown[]) : []).filter(
			(g): g is string => typeof g === 'string' && g.startsWith(`${org}/`),
		);
		if (groups.length === 0) {
			return `missing upstream, but ${why} and its last-known departments are not recorded (map users with Groups by department to let a partial read remove users): not removed until a complete read`;
		}
		const unsure = groups.filter((g) => !readable.has(g));
		if (unsure.length === 0) return undefined;
		return `missing upstream, but ${why} and its last-known department group(s) ${unsure.join(', ')} were not read completely: not removed until a complete read`;
	};
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

	for (const name of policy.keep ?? []) if (!seen.has(name)) seen.set(name, -1);
	let removals = 0;
	let refusedRemovals = 0;
	const blocker = policy.removal === 'ignore' ? undefined : removalBlocker(policy, source);
	for (const user of owned) {
		if (seen.has(user.name)) continue;
		const base = { owner: policy.organization, name: user.name };
		// Only a removal that would write is refused; an already forbidden or deleted user stays as it is.
		const wouldRemove = policy.removal === 'forbid' ? user.isForbidden !== true && user.isDeleted !== true : user.isDeleted !== true;
		const blockedBy = blocker && wouldRemove ? blocker(user) : undefined;
		if (blockedBy) {
			refusedRemovals++;
			actions.push({ ...base, action: 'skip', reason: blockedBy });
		} else if (policy.removal === 'ignore') {
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
	const plan: SyncPlan = { actions, counts, sourceUsers: source.length, ownedUsers: owned.length, refusedRemovals };

	if (!policy.allowLargeRemovals && owned.length > 0) {
		const percent = Math.round((removals / owned.length) * 1000) / 10;
		const verb = policy.removal === 'delete' ? 'delete' : 'forbid';
		if (source.length === 0) {
			plan.guard = {
				removals,
				owned: owned.length,
				percent,
				reason: `the input has no users, but ${owned.length} Casdoor users of source "${policy.source}" exist in "${policy.organization}". An empty source usually means the directory read failed or was filtered`,
			};
		} else if (percent > policy.maxRemovalPercent) {
			plan.guard = {
				removals,
				owned: owned.length,
				percent,
				reason: `it would ${verb} ${removals} of the ${owned.length} users of source "${policy.source}" in "${policy.organization}" (${percent}%), above the ${policy.maxRemovalPercent}% limit`,
			};
		}
	}
	return plan;
}
