import type { IamUser } from '../mapping/iamUser';
import { GROUP_PATH_SEPARATOR, groupNameForId, groupNameForPath } from '../mapping/iamNames';
import { COMPLETE } from './completeness';
import type { PlanPolicy, SyncRules } from './syncTypes';

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
export function removalBlocker<S>(
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
