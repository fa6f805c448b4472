import type { CasdoorUser } from '../../casdoor/types';
import { casdoorSyncRules } from '../targets/casdoor/casdoorSync';
import type { Completeness } from './completeness';
import { COMPLETE } from './completeness';
import type { IamUser } from '../mapping/iamUser';
import { GROUP_PATH_SEPARATOR, groupNameForId, groupNameForPath } from '../mapping/iamNames';
import type { UnreadableDepartment } from '../sources/model';
import type { RemovalGuard } from './removalGuard';
import { removalGuard as sharedGuard } from './removalGuard';
import type { UserDiff } from './userDiff';

/**
 * The sync planner shared by every target (Casdoor, SCIM): matching, ownership, the removal
 * policy, the removal guard and the incomplete-read rule live here once; what differs between
 * targets — how a user is keyed, how ownership is marked, how a change is computed and what
 * "forbidden" means — comes from the target's `SyncRules`.
 */

export type RemovalPolicy = 'ignore' | 'forbid' | 'delete';

/** What every target's sync is told. */
export interface PlanPolicy {
	/** The source tag whose users this sync owns. */
	source: string;
	removal: RemovalPolicy;
	/** Stop when removals exceed this share of the source's existing users. */
	maxRemovalPercent: number;
	/** Stop when removals exceed this count; 0 or absent: no count limit. */
	maxRemovalCount?: number;
	/** Skip the removal guard (a deliberate large reorganisation). */
	allowLargeRemovals: boolean;
	/**
	 * Departments the directory read could not read (the source is incomplete). A user missing
	 * upstream is then removed only when every one of its last-known department groups is a
	 * department this read did read; otherwise the removal is refused (see removalBlocker).
	 */
	unreadable?: readonly UnreadableDepartment[];
	/**
	 * How far the input lets the sync remove (see completeness.ts); whole when omitted. The
	 * removals it holds back are listed as skipped with the reason and counted in
	 * SyncPlan.refusedRemovals.
	 */
	completeness?: Completeness;
	/**
	 * Account linking: a stored user owned by no source whose value of this field matches
	 * exactly one input user (and no other stored user matches it) is adopted: the write
	 * carries the ownership mark and the mapped fields. Absent: never adopt.
	 */
	linkBy?: LinkField;
	/** Per mapped field, whether the directory overwrites the stored value (default), fills it only when empty, or never updates it. */
	fieldRules?: Readonly<Record<string, FieldRule>>;
	/** Users still upstream that this sync does not write (their input is invalid): never removed. */
	keep?: readonly IamUser[];
}

/** Casdoor's policy: the generic one plus the organization written to. */
export interface SyncPolicy extends PlanPolicy {
	organization: string;
}

export type SyncActionKind = 'create' | 'update' | 'link' | 'unforbid' | 'forbid' | 'delete' | 'unchanged' | 'skip';

export interface SyncAction {
	action: SyncActionKind;
	/** The user's name as the target shows it (Casdoor name, SCIM userName), for messages. */
	name: string;
	/** Who the action is about, as the target identifies users ({owner, name}; {userName, externalId, id}); shown in outputs and used by the writer. */
	ref: Record<string, unknown>;
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
	link: number;
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
	/** Users in the target owned by this source before the sync. */
	ownedUsers: number;
	/** Set when the removal guard refuses the plan; nothing may be written then. */
	guard?: RemovalGuard;
	/** Removals held back because the source is not proven complete (PlanPolicy.completeness, PlanPolicy.unreadable). */
	refusedRemovals: number;
}

/** Where a stored user stands; "deleted" is Casdoor's soft deletion. */
export type StoredState = 'active' | 'forbidden' | 'deleted';

/** What an unowned stored user may be matched by to be adopted (see PlanPolicy.linkBy). */
export type LinkField = 'email' | 'phone' | 'jobNumber' | 'externalId';

/** Who wins a mapped field once the user exists: the directory, the target when it has a value, or always the target. */
export type FieldRule = 'directory' | 'fillEmpty' | 'never';

/** What a target tells the planner. `S` is the target's stored user record. */
export interface SyncRules<S> {
	/** Names the target in messages: "Casdoor", "SCIM". */
	target: string;
	/** Where the users live, for messages: 'in "acme"', 'on the SCIM server'. */
	where: string;
	/** What the matching key is called in messages: "name", "external ID". */
	keyName: string;
	/** The target's words for a forbid: "forbid" / "forbidden", "deactivate" / "deactivated". */
	words: { forbid: string; forbidden: string };
	/** The matching key of a desired or stored record. */
	keyOf(record: Record<string, unknown>): string;
	/** The record's name as the target shows it. */
	nameOf(record: Record<string, unknown>): string;
	/** The source tag a stored user carries; undefined for a user no source owns. */
	ownerOf(stored: S): string | undefined;
	/** The record this sync wants for an input user: the mapped fields and the ownership mark. */
	desired(input: IamUser, source: string): Record<string, unknown>;
	/** What a create sends. */
	created(desired: Record<string, unknown>): Record<string, unknown>;
	ref(record: Record<string, unknown>): Record<string, unknown>;
	/** What must be written to make `stored` carry `desired`; `reactivates` when the write lifts a forbid (or restores a deleted user). */
	changes(desired: Record<string, unknown>, stored: S): { diff: UserDiff; reactivates: boolean };
	state(stored: S): StoredState;
	/** The write that forbids a stored user. */
	forbid(stored: S): UserDiff;
	/**
	 * A stored user other than the matched one that makes creating `desired` impossible
	 * (SCIM: the same userName under another external ID). Targets keyed by the unique
	 * field itself (Casdoor's name) need none.
	 */
	blocker?(desired: Record<string, unknown>): S | undefined;
	/**
	 * The incomplete-read rule: the owner part of department group names ("acme" in
	 * "acme/dept-12"), and a stored user's last-known department groups ("owner/name", as
	 * IamUser.groups). A target that does not record them omits departmentGroupsOf: while a
	 * read is incomplete, none of its users missing upstream is removed.
	 */
	groupOwner?: string;
	departmentGroupsOf?(stored: S): string[];
	/**
	 * Account linking: the value of a link field on a desired record or a stored user,
	 * normalized so that equal values compare equal (lower-case e-mail, phone digits).
	 */
	linkValue?(record: Record<string, unknown>, field: LinkField, side: 'desired' | 'stored'): string | undefined;
	/**
	 * A second key of the users this source owns, for users adopted under another key
	 * (Casdoor: a linked user keeps its own name; the sync finds it again by externalId).
	 */
	aliasOf?(record: Record<string, unknown>): string | undefined;
}

/** What carries ownership (Casdoor's properties.source, SCIM's externalId): written whatever the field rules say. */
const OWNERSHIP_COLUMNS = new Set(['properties', 'externalId']);

/** Drop the changes the field rules forbid: Never Update fields, and Fill Only If Empty fields that already hold a value. */
function applyFieldRules(diff: UserDiff, rules: PlanPolicy['fieldRules']): UserDiff {
	if (!rules) return diff;
	const out: UserDiff = { columns: [], changes: {}, before: {} };
	for (const column of diff.columns) {
		const rule = OWNERSHIP_COLUMNS.has(column) ? 'directory' : (rules[column] ?? 'directory');
		const before = diff.before[column];
		const empty = before === undefined || before === null || before === '' || (Array.isArray(before) && before.length === 0);
		if (rule === 'never' || (rule === 'fillEmpty' && !empty)) continue;
		out.columns.push(column);
		out.changes[column] = diff.changes[column];
		out.before[column] = before;
	}
	return out;
}

export function isRemoval(action: SyncAction): boolean {
	return action.action === 'forbid' || action.action === 'delete';
}

export function isWrite(action: SyncAction): boolean {
	return action.action !== 'unchanged' && action.action !== 'skip';
}

function belongsTo(tag: string | undefined): string {
	return tag ? `source "${tag}"` : 'no source (a local user)';
}

/**
 * Which removals the source's completeness holds back (lib/directory/engine/completeness.ts).
 * Returns undefined when every removal may go ahead, else a function naming why one stored
 * user missing upstream must stay.
 * - reach none: every removal is held.
 * - reach placed, or departments the read skipped: a user is removed only when every one of
 *   its last-known department groups was read completely: some source user is in it (so its
 *   department was in the tree read) and it is not one of the unreadable departments (by ID
 *   or path; for a subtree, anything below its path too). A user with no department group at
 *   all cannot be placed, so it is not removed either. Users who moved into an unread
 *   department since the last sync are the one case this cannot see: their last-known
 *   departments were read and they are not there.
 */
function removalBlocker<S>(
	policy: PlanPolicy,
	source: readonly IamUser[],
	rules: Pick<SyncRules<S>, 'groupOwner' | 'departmentGroupsOf'>,
): ((user: S) => string | undefined) | undefined {
	const completeness = policy.completeness ?? COMPLETE;
	const unreadable = policy.unreadable ?? [];
	const because = completeness.reasons.join('; ');
	if (completeness.reach === 'none') {
		const why = `missing upstream, but the removal is held: ${because}`;
		return () => why;
	}
	if (completeness.reach === 'whole' && unreadable.length === 0) return undefined;
	const ids = unreadable.map((d) => d.id).slice(0, 10).join(', ') + (unreadable.length > 10 ? ', …' : '');
	const why = [unreadable.length > 0 ? `the directory read was incomplete (departments ${ids} could not be read)` : '', because]
		.filter((x) => x !== '')
		.join('; ');
	const groupsOf = rules.departmentGroupsOf;
	const org = rules.groupOwner;
	if (!groupsOf || org === undefined) {
		return () => `missing upstream, but the removal is held: ${why} and this target does not record users' departments: not removed until a complete read`;
	}
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
	return (user) => {
		const groups = groupsOf(user).filter((g) => g.startsWith(`${org}/`));
		if (groups.length === 0) {
			return `missing upstream, but the removal is held: ${why} and its last-known departments are not recorded (map users with Groups by department to let a partial read remove users): not removed until a complete read`;
		}
		const unsure = groups.filter((g) => !readable.has(g));
		if (unsure.length === 0) return undefined;
		return `missing upstream, but the removal is held: ${why} and its last-known department group(s) ${unsure.join(', ')} were not read completely: not removed until a complete read`;
	};
}

const LINK_WORDS: Record<LinkField, string> = { email: 'e-mail', phone: 'phone number', jobNumber: 'job number', externalId: 'external ID' };

interface LinkIndex<S> {
	/** The one unowned stored user this desired record links to; `byKey` is the unowned user holding its key, if any. */
	candidate(desired: Record<string, unknown>, byKey: S | undefined): S | undefined;
	/** Why this desired record links to nothing although it has candidates. */
	conflict(desired: Record<string, unknown>): string | undefined;
	isLinked(stored: S): boolean;
}

/**
 * Account linking (PlanPolicy.linkBy): a link is made only when it is certain, one input user
 * and one unowned stored user sharing the value; anything else is a conflict, reported and
 * left alone. Users another source owns are never candidates.
 */
function linkIndex<S>(
	source: readonly IamUser[],
	stored: readonly S[],
	byKey: ReadonlyMap<string, S>,
	policy: PlanPolicy,
	rules: SyncRules<S>,
): LinkIndex<S> | undefined {
	const field = policy.linkBy;
	if (!field || !rules.linkValue) return undefined;
	const valueOf = rules.linkValue;
	const unowned = new Map<string, S[]>();
	for (const user of stored) {
		const record = user as Record<string, unknown>;
		if (byKey.get(rules.keyOf(record)) !== user || rules.ownerOf(user) !== undefined) continue;
		const value = valueOf(record, field, 'stored');
		if (value === undefined) continue;
		const list = unowned.get(value) ?? [];
		list.push(user);
		unowned.set(value, list);
	}
	const wanted = new Map<string, number>();
	for (const input of source) {
		const value = valueOf(rules.desired(input, policy.source), field, 'desired');
		if (value !== undefined) wanted.set(value, (wanted.get(value) ?? 0) + 1);
	}
	const linked = new Set<S>();
	const names = (users: readonly S[]) =>
		users
			.map((u) => `"${rules.nameOf(u as Record<string, unknown>)}"`)
			.sort()
			.join(", ");
	return {
		candidate(desired, holder) {
			const value = valueOf(desired, field, 'desired');
			if (value === undefined || wanted.get(value) !== 1) return undefined;
			const users = unowned.get(value) ?? [];
			if (users.length !== 1 || (holder !== undefined && users[0] !== holder)) return undefined;
			linked.add(users[0]);
			return users[0];
		},
		conflict(desired) {
			const value = valueOf(desired, field, 'desired');
			if (value === undefined) return undefined;
			const users = unowned.get(value) ?? [];
			if (users.length === 0) return undefined;
			if (users.length > 1) {
				return `conflict: ${users.length} ${rules.target} users owned by no source have this ${LINK_WORDS[field]} (${names(users)}); none is linked — link one by hand or make the value unique`;
			}
			if ((wanted.get(value) ?? 0) > 1) {
				return `conflict: ${wanted.get(value)} input users share this ${LINK_WORDS[field]}, which the ${rules.target} user ${names(users)} has; nothing is linked`;
			}
			return `conflict: the ${rules.target} user ${names(users)} has this ${LINK_WORDS[field]}, but another ${rules.target} user holds this user's ${rules.keyName}; nothing is linked`;
		},
		isLinked: (user) => linked.has(user),
	};
}

/**
* Plan a sync of one source into one target: pure, no calls. Source users are matched to
 * stored users by the target's key. Only users owned by this source are ever changed: a
 * local user or another source's user with the same key is skipped, never adopted. Users
 * of this source missing upstream are forbidden, deleted or left alone as the policy says;
 * a returning user is reactivated by its own forbidden=false. Updates carry only the
 * changed columns of the fields the mapping produced. The guard refuses removals past the
 * limit, and any removal at all when the input is empty; an incomplete read (policy.unreadable)
 * removes only users whose last-known departments were read.
 */
export function planUserSync<S extends object>(
	source: readonly IamUser[],
	stored: readonly S[],
	policy: PlanPolicy,
	rules: SyncRules<S>,
): SyncPlan {
	const byKey = new Map<string, S>();
	for (const user of stored) byKey.set(rules.keyOf(user as Record<string, unknown>), user);
	const owned = stored.filter((u) => byKey.get(rules.keyOf(u as Record<string, unknown>)) === u && rules.ownerOf(u) === policy.source);
	const byAlias = new Map<string, S>();
	if (rules.aliasOf) {
		for (const user of owned) {
			const alias = rules.aliasOf(user as Record<string, unknown>);
			if (alias !== undefined) byAlias.set(alias, user);
		}
	}
	const linking = linkIndex(source, stored, byKey, policy, rules);
	/** Stored users an input user was matched to (by key, alias or link): never removed. */
	const matched = new Set<S>();

	const actions: SyncAction[] = [];
	const seen = new Map<string, number>();
	source.forEach((input, index) => {
		const desired = rules.desired(input, policy.source);
		const key = rules.keyOf(desired);
		const base = { name: rules.nameOf(desired), ref: rules.ref(desired), sourceIndex: index };
		const first = seen.get(key);
		if (first !== undefined) {
			actions.push({ ...base, action: 'skip', reason: `duplicate ${rules.keyName}: input item ${first} has the same ${rules.keyName}` });
			return;
		}
		seen.set(key, index);
		let existing = byKey.get(key);
		if (existing && rules.ownerOf(existing) !== policy.source) existing = linking?.candidate(desired, existing) ?? existing;
		if (!existing) {
			const alias = rules.aliasOf?.(desired);
			existing = alias !== undefined ? byAlias.get(alias) : undefined;
		}
		if (!existing) {
			const linked = linking?.candidate(desired, undefined);
			if (linked) existing = linked;
		}
		if (!existing) {
			const conflict = linking?.conflict(desired);
			if (conflict) {
				actions.push({ ...base, action: 'skip', reason: conflict });
				return;
			}
			const holder = rules.blocker?.(desired);
			if (holder) {
				const name = rules.nameOf(holder as Record<string, unknown>);
				actions.push({
					...base,
					action: 'skip',
					reason: `a ${rules.target} user named "${name}" already exists and belongs to ${belongsTo(rules.ownerOf(holder))}; it is left untouched`,
				});
				return;
			}
			actions.push({ ...base, action: 'create', user: rules.created(desired) });
			return;
		}
		const tag = rules.ownerOf(existing);
		const adopt = tag === undefined && linking?.isLinked(existing) === true;
		if (tag !== policy.source && !adopt) {
			const conflict = linking?.conflict(desired);
			actions.push({
				...base,
				action: 'skip',
				reason: conflict ?? `a ${rules.target} user with this ${rules.keyName} already exists and belongs to ${belongsTo(tag)}; it is left untouched`,
			});
			return;
		}
		matched.add(existing);
		const { diff: raw, reactivates } = rules.changes(desired, existing);
		const diff = applyFieldRules(raw, policy.fieldRules);
		const ref = rules.ref(existing as Record<string, unknown>);
		if (adopt) {
			const by = policy.linkBy!;
			actions.push({
				...base,
				name: rules.nameOf(existing as Record<string, unknown>),
				ref,
				action: 'link',
				columns: diff.columns,
				changes: diff.changes,
				before: diff.before,
				reason: `an existing ${rules.target} user owned by no source with the same ${LINK_WORDS[by]}: adopted by this source`,
			});
			return;
		}
		if (diff.columns.length === 0) {
			actions.push({ ...base, ref, action: 'unchanged' });
			return;
		}
		actions.push({ ...base, ref, action: reactivates ? 'unforbid' : 'update', columns: diff.columns, changes: diff.changes, before: diff.before });
	});

	for (const user of policy.keep ?? []) {
		let key: string | undefined;
		try {
			key = rules.keyOf(rules.desired(user, policy.source));
		} catch {
			key = undefined;
		}
		if (key !== undefined && !seen.has(key)) seen.set(key, -1);
	}
	let removals = 0;
	let refusedRemovals = 0;
	const blocker = policy.removal === 'ignore' ? undefined : removalBlocker(policy, source, rules);
	for (const user of owned) {
		const record = user as Record<string, unknown>;
		if (matched.has(user) || seen.has(rules.keyOf(record))) continue;
		const base = { name: rules.nameOf(record), ref: rules.ref(record) };
		const state = rules.state(user);
		// Only a removal that would write is refused; an already forbidden or deleted user stays as it is.
		const wouldRemove = policy.removal === 'forbid' ? state === 'active' : state !== 'deleted';
		const blockedBy = blocker && wouldRemove ? blocker(user) : undefined;
		if (blockedBy) {
			refusedRemovals++;
			actions.push({ ...base, action: 'skip', reason: blockedBy });
		} else if (policy.removal === 'ignore') {
			actions.push({ ...base, action: 'skip', reason: 'missing upstream; the removal policy is "ignore"' });
		} else if (policy.removal === 'forbid') {
			if (state !== 'active') {
				actions.push({ ...base, action: 'unchanged', reason: `missing upstream, already ${state === 'deleted' ? 'deleted' : rules.words.forbidden}` });
			} else {
				removals++;
				const change = rules.forbid(user);
				actions.push({ ...base, action: 'forbid', columns: change.columns, changes: change.changes, before: change.before, reason: 'missing upstream' });
			}
		} else if (state === 'deleted') {
			actions.push({ ...base, action: 'unchanged', reason: 'missing upstream, already deleted' });
		} else {
			removals++;
			actions.push({ ...base, action: 'delete', reason: 'missing upstream' });
		}
	}

	const counts: SyncCounts = { create: 0, update: 0, link: 0, unforbid: 0, forbid: 0, delete: 0, unchanged: 0, skip: 0 };
	for (const a of actions) counts[a.action]++;
	const plan: SyncPlan = { actions, counts, sourceUsers: source.length, ownedUsers: owned.length, refusedRemovals };
	const guard = removalGuard(source.length, owned.length, removals, policy, rules);
	if (guard) plan.guard = guard;
	return plan;
}

/** The one guard: an empty source, or removals past the limit, stop the plan unless overridden. */
/** The shared removal guard (removalGuard.ts), worded for this target. */
function removalGuard(
	sourceCount: number,
	owned: number,
	removals: number,
	policy: PlanPolicy,
	rules: Pick<SyncRules<unknown>, 'target' | 'where' | 'words'>,
): RemovalGuard | undefined {
	const verb = policy.removal === 'delete' ? 'delete' : rules.words.forbid;
	return sharedGuard({
		removals,
		owned,
		sourceEmpty: sourceCount === 0,
		maxRemovalPercent: policy.maxRemovalPercent,
		maxRemovalCount: policy.maxRemovalCount,
		allowLargeRemovals: policy.allowLargeRemovals,
		emptyReason: `the input has no users, but ${owned} ${rules.target} users of source "${policy.source}" exist ${rules.where}. An empty source usually means the directory read failed or was filtered`,
		overReason: (percent) =>
			`it would ${verb} ${removals} of the ${owned} users of source "${policy.source}" ${rules.where} (${percent}%)`,
	});
}

/** Casdoor: users matched by name within one organization, owned through properties.source. */
export function planSync(source: readonly IamUser[], target: readonly CasdoorUser[], policy: SyncPolicy): SyncPlan {
	const inOrganization = target.filter((u) => u.owner === undefined || u.owner === policy.organization);
	return planUserSync(source, inOrganization, policy, casdoorSyncRules(policy.organization));
}
