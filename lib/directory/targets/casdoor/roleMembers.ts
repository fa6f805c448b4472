import type { CasdoorUser } from '../../../casdoor/types';
import { SOURCE_PROPERTY } from '../../mapping/iamUser';
import type { NameRule } from '../../mapping/iamNames';
import { userNameFor } from '../../mapping/iamNames';
import type { RoleProvider } from '../../mapping/roleNames';
import { providerEntry, providerIds } from '../../sources/registry';

/**
 * Which Casdoor user a directory userid is. Map to IAM User writes the userid into the
 * user's `wecom` / `dingtalk` field, so that binding finds the user whatever its name
 * (a DingTalk user may be named by job number). Users tagged with this sync's source win
 * over others with the same binding. Without a binding, the name the Map name rule gives
 * the userid is used, if such a user exists. Otherwise the userid is unmatched.
 */
export interface MemberIndex {
	/** The Casdoor user name of a directory userid, or undefined. */
	resolve(provider: RoleProvider, userid: string): string | undefined;
}

export function memberIndex(users: readonly CasdoorUser[], source: string | undefined, nameRule: NameRule): MemberIndex {
	const bindings = new Map<RoleProvider, Map<string, { name: string; ours: boolean }>>(providerIds().map((p) => [p, new Map()]));
	const names = new Set<string>();
	for (const user of users) {
		if (user.isDeleted === true) continue;
		names.add(user.name);
		const ours = source !== undefined && user.properties?.[SOURCE_PROPERTY] === source;
		for (const [provider, byUserid] of bindings) {
			const field = providerEntry(provider).bindingField;
			const value = field === undefined ? undefined : (user as Record<string, unknown>)[field];
			const bound = typeof value === 'string' ? value : '';
			if (!bound) continue;
			const known = byUserid.get(bound);
			if (!known || (ours && !known.ours)) byUserid.set(bound, { name: user.name, ours });
		}
	}
	return {
		resolve(provider, userid) {
			const bound = bindings.get(provider)?.get(userid);
			if (bound) return bound.name;
			const byRule = userNameFor(userid, nameRule);
			return names.has(byRule) ? byRule : undefined;
		},
	};
}
