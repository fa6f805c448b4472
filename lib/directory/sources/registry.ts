/**
 * What the rest of the package needs to know about each directory provider, in one place.
 * Mapping, role naming, Sync Roles' member matching and the Map to IAM User editor read
 * these entries instead of writing out `'wecom' | 'dingtalk'` and ternaries: adding a
 * provider (Feishu / Lark, …) is one entry here, and leaving a field out does not compile.
 * The provider's API client, directory source and field mapping live in their own files
 * (docs/architecture.md, "Add a provider").
 */

export interface ProviderEntry {
	/** The provider's name in messages and the editor: "WeCom". */
	label: string;
	/**
	 * The IAM user field that binds a login to this provider's account, set to the userid by
	 * Map to IAM User (Casdoor's `wecom` / `dingtalk` columns). Sync Roles finds users by it.
	 * Absent when the IAM has no such column: users are then found by the Map name rule.
	 */
	bindingField?: string;
	/** The stem of role names "By ID": "wecom-tag" gives "wecom-tag-12". */
	roleIdPrefix: string;
	/** The member fields that carry its tags / roles (merged in by a workflow), first found wins. */
	roleFields: readonly string[];
	/** Fields whose presence marks an item as one of its roles (Tag / Role → Get Members output). */
	roleItemIdFields: readonly string[];
	/** How Sync Roles names where a role came from: "WeCom tag" (followed by its ID and name). */
	roleOrigin: string;
	/** What the provider calls a role, for the editor: "tags" / "roles". */
	roleWord: 'tags' | 'roles';
	/** The credential type whose ID field names the source when "Source Name" is empty. */
	credentialType: string;
	/** That credential field ("corpId") and its label ("Corp ID"). */
	credentialIdField: string;
	credentialIdLabel: string;
	/** A member field besides `isAdmin` that flags an administrator (DingTalk's `admin`), for the editor text. */
	adminFlagField?: string;
}

/**
 * The providers by ID. An interface, not a union, so a provider built outside this package
 * (the skeleton provider of the tests) can add itself with a module augmentation and one
 * `registerProvider` call; every `Record<ProviderId, …>` then asks for its entry.
 */
export interface ProviderRegistry {
	wecom: ProviderEntry;
	dingtalk: ProviderEntry;
}

export type ProviderId = keyof ProviderRegistry & string;

const entries: Record<string, ProviderEntry> = {
	wecom: {
		label: 'WeCom',
		bindingField: 'wecom',
		roleIdPrefix: 'wecom-tag',
		roleFields: ['tags'],
		roleItemIdFields: ['tagId', 'tagid'],
		roleOrigin: 'WeCom tag',
		roleWord: 'tags',
		credentialType: 'weComApi',
		credentialIdField: 'corpId',
		credentialIdLabel: 'Corp ID',
	},
	dingtalk: {
		label: 'DingTalk',
		bindingField: 'dingtalk',
		roleIdPrefix: 'dingtalk-role',
		// roles: the node's simplified {id, name, groupName}; role_list: v2/user/get's {id, name, group_name}.
		roleFields: ['roles', 'role_list', 'tags'],
		roleItemIdFields: ['roleId'],
		roleOrigin: 'DingTalk role',
		roleWord: 'roles',
		credentialType: 'dingTalkApi',
		credentialIdField: 'appKey',
		credentialIdLabel: 'App Key',
		adminFlagField: 'admin',
	},
} satisfies ProviderRegistry;

/** The entry of a provider. */
export function providerEntry(id: ProviderId): ProviderEntry {
	const entry = entries[id];
	if (!entry) throw new Error(`Unknown directory provider "${id}"`);
	return entry;
}

/** Every provider's ID, in registration order. */
export function providerIds(): ProviderId[] {
	return Object.keys(entries) as ProviderId[];
}

export function isProviderId(value: unknown): value is ProviderId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(entries, value);
}

/**
 * Add a provider defined outside this package. Its ID must first be added to
 * ProviderRegistry (module augmentation), so the compiler checks the entry and every site.
 */
export function registerProvider<K extends ProviderId>(id: K, entry: ProviderRegistry[K]): void {
	if (Object.prototype.hasOwnProperty.call(entries, id)) throw new Error(`Directory provider "${id}" is already registered`);
	entries[id] = entry;
}
