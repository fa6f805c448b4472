import type { CasdoorRole } from '../../../casdoor/types';
import type { RemovalGuard } from '../../engine/removalGuard';
import { removalGuard } from '../../engine/removalGuard';
import { isOwnedRole, roleMarker, roleOwner } from '../../mapping/roleNames';

/**
 * Sync Roles planning: pure, no calls. Each directory tag / role becomes one IAM role whose
 * members are exactly the mapped users. Only roles whose description carries this source's
 * marker are ever changed; a local role or another source's role with the same name is
 * skipped, never adopted. Roles of this source missing upstream are emptied, deleted or left
 * alone as the policy says. The removal guard of Sync Users protects the memberships.
 */

export type RoleRemovalPolicy = 'empty' | 'delete' | 'ignore';

export interface RolePolicy {
	organization: string;
	/** The source tag ("wecom:acme") whose roles this sync owns. */
	source: string;
	removal: RoleRemovalPolicy;
	maxRemovalPercent: number;
	/** Stop when removals exceed this count; 0 or absent: no count limit. */
	maxRemovalCount?: number;
	allowLargeRemovals: boolean;
	/**
	 * Set when the input is not proven complete (completeness.ts): no role missing upstream is
	 * emptied or deleted, and with `known`, memberships are removed only for those members
	 * (users in the input, whose roles are known whole). The rest is held, with `reason`.
	 */
	hold?: { reason: string; known?: ReadonlySet<string> };
}

/** One role the directory says should exist, with its members as "owner/name". */
export interface DesiredRole {
	name: string;
	displayName?: string;
	members: string[];
	/** The input item it came from (directory role items), if one. */
	itemIndex?: number;
	/** What it mirrors, for the description ("WeCom tag 12"). */
	origin?: string;
	/** Directory userids with no Casdoor user: left out of the members. */
	unmatched?: string[];
}

export type RoleActionKind = 'create' | 'update' | 'empty' | 'delete' | 'unchanged' | 'skip';

export interface RoleAction {
	action: RoleActionKind;
	owner: string;
	name: string;
	itemIndex?: number;
	/** create / update / empty: the whole role to write (update-role writes every column). */
	role?: CasdoorRole;
	/** update: the columns that differ. */
	changed?: string[];
	added?: string[];
	removed?: string[];
	unmatched?: string[];
	reason?: string;
}

export type RoleCounts = Record<RoleActionKind, number>;

export interface RolePlan {
	actions: RoleAction[];
	counts: RoleCounts;
	/** Roles in the input. */
	sourceRoles: number;
	/** Roles of this source in Casdoor before the sync, and their members. */
	ownedRoles: number;
	ownedMembers: number;
	membersAdded: number;
	membersRemoved: number;
	/** Memberships and roles a removal would have touched, held back because the input is not proven complete. */
	removalsHeld: number;
	guard?: RemovalGuard;
}

export function isRoleWrite(action: RoleAction): boolean {
	return action.action === 'create' || action.action === 'update' || action.action === 'empty' || action.action === 'delete';
}

export function isRoleRemoval(action: RoleAction): boolean {
	return action.action === 'empty' || action.action === 'delete';
}

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function description(source: string, origin?: string): string {
	return `${roleMarker(source)} Mirrors ${origin ?? 'a directory role'}; its members are replaced on every sync.`;
}

/** What the planning steps count, for the plan and the guard. */
interface Tally {
	added: number;
	removed: number;
	held: number;
	rolesRemoved: number;
}

/** A role no stored role has: create it with its members and this source's marker. */
function planCreate(input: DesiredRole, members: string[], policy: RolePolicy, tally: Tally): Partial<RoleAction> {
	tally.added += members.length;
	const role: CasdoorRole = {
		owner: policy.organization,
		name: input.name,
		displayName: input.displayName ?? input.name,
		description: description(policy.source, input.origin),
		users: members,
		groups: [],
		roles: [],
		domains: [],
		isEnabled: true,
	};
	return { action: 'create', role, added: members };
}

/** A role this source owns: the members to add and remove (removals of users the input does not know are held). */
function planUpdate(input: DesiredRole, members: string[], existing: CasdoorRole, policy: RolePolicy, tally: Tally): Partial<RoleAction> {
	const stored = listOf(existing.users);
	const storedSet = new Set(stored);
	const wanted = new Set(members);
	const plus = members.filter((m) => !storedSet.has(m));
	let minus = stored.filter((m) => !wanted.has(m));
	const known = policy.hold?.known;
	if (known) {
		const kept = minus.filter((m) => !known.has(m));
		tally.held += kept.length;
		members.push(...kept);
		members.sort();
		minus = minus.filter((m) => known.has(m));
	}
	const changed: string[] = [];
	if (plus.length || minus.length) changed.push('users');
	const displayName = input.displayName ?? existing.displayName ?? input.name;
	if (displayName !== (existing.displayName ?? '')) changed.push('displayName');
	if (changed.length === 0) return { action: 'unchanged' };
	tally.added += plus.length;
	tally.removed += minus.length;
	return { action: 'update', role: { ...existing, displayName, users: members }, changed, added: plus, removed: minus };
}

/** One action per desired role, in input order: skip (duplicate, someone else's), create, update or unchanged. */
function planDesired(desired: readonly DesiredRole[], byName: ReadonlyMap<string, CasdoorRole>, policy: RolePolicy, tally: Tally, seen: Map<string, number>): RoleAction[] {
	return desired.map((input, k) => {
		const base = { owner: policy.organization, name: input.name, itemIndex: input.itemIndex, ...(input.unmatched?.length ? { unmatched: input.unmatched } : {}) };
		const first = seen.get(input.name);
		if (first !== undefined) return { ...base, action: 'skip', reason: `duplicate role name: role ${first + 1} of the input has the same name` };
		seen.set(input.name, k);
		const members = [...new Set(input.members)].sort();
		const existing = byName.get(input.name);
		if (!existing) return { ...base, ...planCreate(input, members, policy, tally) } as RoleAction;
		if (!isOwnedRole(existing, policy.source)) {
			const by = roleOwner(existing);
			const reason = `a Casdoor role with this name already exists and belongs to ${by ? `source "${by}"` : 'no source (a local role)'}; it is left untouched`;
			return { ...base, action: 'skip', reason };
		}
		return { ...base, ...planUpdate(input, members, existing, policy, tally) } as RoleAction;
	});
}

/** The owned roles missing upstream: emptied, deleted, left, or held back when the input is partial. */
function planMissing(owned: readonly CasdoorRole[], seen: ReadonlyMap<string, number>, policy: RolePolicy, tally: Tally): RoleAction[] {
	const actions: RoleAction[] = [];
	for (const role of owned) {
		if (seen.has(role.name)) continue;
		const base = { owner: policy.organization, name: role.name };
		const users = listOf(role.users);
		if (policy.removal === 'ignore') {
			actions.push({ ...base, action: 'skip', reason: 'missing upstream; the removal policy is "ignore"' });
		} else if (policy.hold && (policy.removal === 'delete' || users.length > 0)) {
			tally.held++;
			actions.push({ ...base, action: 'skip', reason: `missing upstream, but the removal is held: ${policy.hold.reason}` });
		} else if (policy.removal === 'empty' && users.length === 0) {
			actions.push({ ...base, action: 'unchanged', reason: 'missing upstream, already empty' });
		} else {
			tally.rolesRemoved++;
			tally.removed += users.length;
			const action = policy.removal === 'empty' ? 'empty' : 'delete';
			actions.push({ ...base, action, role: action === 'empty' ? { ...role, users: [] } : undefined, removed: users, reason: 'missing upstream' });
		}
	}
	return actions;
}

/** The guard over memberships first, then over whole roles: either past its limit stops the plan. */
function roleGuard(desired: number, owned: readonly CasdoorRole[], ownedMembers: number, tally: Tally, policy: RolePolicy): RemovalGuard | undefined {
	const where = `of source "${policy.source}" in "${policy.organization}"`;
	const common = {
		sourceEmpty: desired === 0,
		maxRemovalPercent: policy.maxRemovalPercent,
		maxRemovalCount: policy.maxRemovalCount,
		allowLargeRemovals: policy.allowLargeRemovals,
	};
	const emptyReason = `the input has no roles, but ${owned.length} Casdoor roles ${where} exist. An empty input usually means the directory read failed or was filtered`;
	return (
		removalGuard({
			...common,
			removals: tally.removed,
			owned: ownedMembers,
			emptyReason,
			overReason: (percent) => `it would remove ${tally.removed} of the ${ownedMembers} role memberships ${where} (${percent}%)`,
		}) ??
		removalGuard({
			...common,
			removals: tally.rolesRemoved,
			owned: owned.length,
			emptyReason,
			overReason: (percent) =>
				`it would ${policy.removal === 'delete' ? 'delete' : 'empty'} ${tally.rolesRemoved} of the ${owned.length} roles ${where} (${percent}%)`,
		})
	);
}

export function planRoles(desired: readonly DesiredRole[], target: readonly CasdoorRole[], policy: RolePolicy): RolePlan {
	const byName = new Map<string, CasdoorRole>();
	for (const role of target) if (role.owner === undefined || role.owner === policy.organization) byName.set(role.name, role);
	const owned = [...byName.values()].filter((r) => isOwnedRole(r, policy.source));
	const tally: Tally = { added: 0, removed: 0, held: 0, rolesRemoved: 0 };
	const seen = new Map<string, number>();
	const actions = [...planDesired(desired, byName, policy, tally, seen), ...planMissing(owned, seen, policy, tally)];

	const counts: RoleCounts = { create: 0, update: 0, empty: 0, delete: 0, unchanged: 0, skip: 0 };
	for (const a of actions) counts[a.action]++;
	const ownedMembers = owned.reduce((n, r) => n + listOf(r.users).length, 0);
	const plan: RolePlan = {
		actions,
		counts,
		sourceRoles: desired.length,
		ownedRoles: owned.length,
		ownedMembers,
		membersAdded: tally.added,
		membersRemoved: tally.removed,
		removalsHeld: tally.held,
	};
	const guard = roleGuard(desired.length, owned, ownedMembers, tally, policy);
	if (guard) plan.guard = guard;
	return plan;
}
