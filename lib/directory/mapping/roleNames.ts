import { createHash } from 'node:crypto';

import type { ProviderId } from '../sources/registry';
import { providerEntry } from '../sources/registry';

/**
 * IAM role names for directory tags and roles, and the marker that says which roles a sync
 * owns. Map to IAM User (its Roles option) and Sync Roles use these same functions, so a
 * user's `roles` and the synced roles always agree.
 */

/** Casdoor keeps role names in varchar(100); "/" separates owner and name in role IDs. */
const ROLE_NAME_MAX = 100;

export type RoleNaming = 'name' | 'id';
/** The provider a tag / role comes from (sources/registry.ts). */
export type RoleProvider = ProviderId;

/** A tag (WeCom) or role (DingTalk) as a member or an item refers to it. */
export interface DirectoryRoleRef {
	id?: string;
	name?: string;
}

export interface RoleNameOptions {
	naming: RoleNaming;
	/** Put before every name, e.g. "wecom-" to keep synced roles apart from local ones. */
	prefix?: string;
}

function shortHash(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * A usable Casdoor role name: trimmed, inner white space collapsed, "/" (the ID separator)
 * replaced by "_". When that changed the name or it is longer than 100 characters, an
 * 8-hex hash of the raw name is appended so two different names never meet.
 */
export function roleNameFor(raw: string): string {
	const trimmed = raw.trim().replace(/\s+/g, ' ');
	const cleaned = trimmed.replace(/\//g, '_');
	if (cleaned !== '' && cleaned === trimmed && [...cleaned].length <= ROLE_NAME_MAX) return cleaned;
	const suffix = `-${shortHash(raw)}`;
	const stem = [...cleaned].slice(0, ROLE_NAME_MAX - suffix.length).join('');
	return `${stem || 'role'}${suffix}`;
}

/**
 * The IAM role name of a tag / role: its name ("UI Designers"), or its ID
 * ("wecom-tag-12", "dingtalk-role-3093"), with the prefix in front. Undefined when the
 * reference lacks what the naming needs.
 */
export function iamRoleName(provider: RoleProvider, ref: DirectoryRoleRef, options: RoleNameOptions): string | undefined {
	const prefix = options.prefix ?? '';
	if (options.naming === 'id') {
		if (ref.id === undefined || ref.id === '') return undefined;
		return roleNameFor(`${prefix}${providerEntry(provider).roleIdPrefix}-${ref.id}`);
	}
	if (ref.name === undefined || ref.name.trim() === '') return undefined;
	return roleNameFor(`${prefix}${ref.name}`);
}

/** The first words of the description of every role a sync created: which source owns it. */
export function roleMarker(source: string): string {
	return `[n8n-sync source=${source}]`;
}

/** True when a role's description starts with this source's marker: only such roles are ever changed by Sync Roles. */
export function isOwnedRole(role: { description?: unknown }, source: string): boolean {
	return typeof role.description === 'string' && role.description.startsWith(roleMarker(source));
}

/** The source that owns a role, if a sync created it. */
export function roleOwner(role: { description?: unknown }): string | undefined {
	if (typeof role.description !== 'string') return undefined;
	const match = /^\[n8n-sync source=([^\]]+)\]/.exec(role.description);
	return match ? match[1] : undefined;
}
