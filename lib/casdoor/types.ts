/** Casdoor API shapes (docs/api-notes.md, Casdoor), as the API sends them. Hanzo IAM is the same API. */

/**
 * A Casdoor user. The API answers every column, empty ones as "" / false, and `properties`
 * and `groups` as null when never set (Go's nil map and slice).
 */
export interface CasdoorUser {
	owner: string;
	name: string;
	id?: string;
	externalId?: string;
	type?: string;
	displayName?: string;
	email?: string;
	phone?: string;
	countryCode?: string;
	avatar?: string;
	title?: string;
	gender?: string;
	isAdmin?: boolean;
	isForbidden?: boolean;
	isDeleted?: boolean;
	wecom?: string;
	dingtalk?: string;
	groups?: string[] | null;
	properties?: Record<string, string> | null;
	createdTime?: string;
	updatedTime?: string;
	[key: string]: unknown;
}

export interface CasdoorGroup {
	owner: string;
	name: string;
	displayName?: string;
	type?: string;
	/** The parent group's name (not owner/name); "" for a top group. */
	parentId?: string;
	isTopGroup?: boolean;
	isEnabled?: boolean;
	[key: string]: unknown;
}

/**
 * A Casdoor role (object/role.go). `users`, `groups`, `roles` hold "owner/name" IDs; the API
 * answers null for lists never set. update-role writes every column (AllCols): always send
 * the whole role.
 */
export interface CasdoorRole {
	owner: string;
	name: string;
	createdTime?: string;
	displayName?: string;
	description?: string;
	users?: string[] | null;
	groups?: string[] | null;
	roles?: string[] | null;
	domains?: string[] | null;
	isEnabled?: boolean;
	[key: string]: unknown;
}

export interface CasdoorCredentials {
	/** The server root, e.g. https://door.example.com (no /api). */
	endpoint: string;
	clientId: string;
	clientSecret: string;
	/** The organization used when a node does not name one. */
	organization: string;
	/** How long to wait for one answer before retrying it. */
	timeoutMs?: number;
}

/** The envelope of every answer: HTTP 200 whether it worked or not. */
export interface CasdoorEnvelope<T = unknown> {
	status: 'ok' | 'error';
	msg?: string;
	data?: T;
	data2?: unknown;
}

/** Lookups get-user accepts besides id=owner/name. */
export type UserLookupField = 'email' | 'phone' | 'userId';
