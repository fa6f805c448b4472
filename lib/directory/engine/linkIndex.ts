import type { IamUser } from '../mapping/iamUser';
import type { LinkField, PlanPolicy, SyncRules } from './syncTypes';

export const LINK_WORDS: Record<LinkField, string> = { email: 'e-mail', phone: 'phone number', jobNumber: 'job number', externalId: 'external ID' };

export interface LinkIndex<S> {
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
export function linkIndex<S>(
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
