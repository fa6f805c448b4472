import type { Completeness } from './completeness';
import type { IamUser } from '../mapping/iamUser';
import type { UnreadableDepartment } from '../sources/model';
import type { RemovalGuard } from './removalGuard';
import type { WriteAnswer } from './runPlan';
import type { UserDiff } from './userDiff';

/**
 * The contract between the target-agnostic planner and each IAM target (Casdoor, SCIM, a
 * later one): the policy every sync is told, the plan it produces, the rules a target gives
 * the planner (SyncRules) and the writer that carries a plan out (SyncWriter). Targets import
 * this file; the planner imports no target.
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
	/**
	 * The record this sync wants for an input user: the mapped fields and the ownership mark.
	 * May be `input` itself, completed in place: the input records are the sync run's own
	 * (readSyncInput makes a fresh one per item). Must then be idempotent, as it is asked more
	 * than once per user (account linking, the kept invalid users).
	 */
	desired(input: IamUser, source: string): Record<string, unknown>;
	/** What a create sends; may be `desired` itself, completed (it is not read again once a create is planned). */
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

/** How a target carries out one planned write; each target (Casdoor, SCIM) provides one. */
export interface SyncWriter {
	/** Resolves true when the write changed something, false when the target says it changed nothing, BY_ANOTHER_RUN when another run did it. */
	write(action: SyncAction): Promise<WriteAnswer>;
}

export function isRemoval(action: SyncAction): boolean {
	return action.action === 'forbid' || action.action === 'delete';
}

export function isWrite(action: SyncAction): boolean {
	return action.action !== 'unchanged' && action.action !== 'skip';
}
