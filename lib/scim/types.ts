/** SCIM 2.0 shapes (RFC 7643 / 7644), as servers send and accept them. */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A multi-valued attribute entry (emails, phoneNumbers). */
export interface ScimMultiValue {
	value?: string;
	type?: string;
	primary?: boolean;
	display?: string;
	[key: string]: unknown;
}

export interface ScimEnterprise {
	employeeNumber?: string;
	costCenter?: string;
	organization?: string;
	division?: string;
	department?: string;
	manager?: { value?: string; $ref?: string; displayName?: string };
	[key: string]: unknown;
}

/** A User resource. Servers may add attributes and extensions; those are kept as they are. */
export interface ScimUser {
	schemas?: string[];
	id?: string;
	externalId?: string;
	userName: string;
	name?: { formatted?: string; givenName?: string; familyName?: string; [key: string]: unknown };
	displayName?: string;
	title?: string;
	active?: boolean;
	emails?: ScimMultiValue[];
	phoneNumbers?: ScimMultiValue[];
	groups?: Array<{ value?: string; display?: string }>;
	meta?: Record<string, unknown>;
	[ENTERPRISE_SCHEMA]?: ScimEnterprise;
	[key: string]: unknown;
}

export interface ScimGroupMember {
	value: string;
	display?: string;
	$ref?: string;
	type?: string;
}

export interface ScimGroup {
	schemas?: string[];
	id?: string;
	externalId?: string;
	displayName: string;
	members?: ScimGroupMember[];
	meta?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ScimListResponse<T> {
	schemas?: string[];
	totalResults?: number;
	startIndex?: number;
	itemsPerPage?: number;
	Resources?: T[];
}

export interface ScimPatchOperation {
	op: 'add' | 'replace' | 'remove';
	path?: string;
	value?: unknown;
}

/** RFC 7644 §3.12 error body. `status` is a string in the RFC; some servers send a number. */
export interface ScimErrorBody {
	schemas?: string[];
	status?: string | number;
	scimType?: string;
	detail?: string;
}

export type ScimAuth = { type: 'bearerToken'; token: string } | { type: 'basicAuth'; user: string; password: string };

export interface ScimCredentials {
	/** The SCIM base URL: the address /Users and /Groups are under. */
	baseUrl: string;
	auth: ScimAuth;
}
