import type { ProviderId } from '../sources/registry';

/** Login bindings: the userid in the provider's binding field (ProviderEntry.bindingField: Casdoor's `wecom`, `dingtalk`). */
export type ProviderBindings = { [K in ProviderId]?: string };

/**
 * An IAM user record as the mapping produces it: Casdoor's user fields, and only the ones
 * the source actually gave. A field that is absent means "unknown, leave it alone"; the
 * mapping never emits "" so that a sync can never blank an email or phone.
 */
export interface IamUser extends ProviderBindings {
	owner: string;
	/** Casdoor user name (primary key with owner). */
	name: string;
	id?: string;
	externalId?: string;
	displayName?: string;
	email?: string;
	phone?: string;
	avatar?: string;
	title?: string;
	gender?: 'Male' | 'Female';
	isForbidden?: boolean;
	/** Casdoor's organization-administrator flag; set only when Map's administrator options are on. */
	isAdmin?: boolean;
	/** "owner/groupName" entries. */
	groups?: string[];
	/**
	 * "owner/roleName" IAM roles of the member's tags / roles (Map's Roles option). Not a
	 * Casdoor user column: Upsert and Sync Users leave it out; Sync Roles reads it.
	 */
	roles?: string[];
	/** `source` tags the users one sync owns (see sourceTag). */
	properties: Record<string, string>;
}

/** The property that records which source created a user. */
export const SOURCE_PROPERTY = 'source';

/** The last tag made: Map to IAM User asks once per member, and each new string would stay in its output. */
let lastTag = { provider: '', sourceName: '', tag: '' };

/** "wecom:<name>" — the tag a sync uses to find the users it owns. */
export function sourceTag(provider: ProviderId, sourceName?: string): string {
	const given = sourceName ?? '';
	if (lastTag.provider === provider && lastTag.sourceName === given) return lastTag.tag;
	const name = given.trim();
	const tag = name ? `${provider}:${name}` : provider;
	lastTag = { provider, sourceName: given, tag };
	return tag;
}
