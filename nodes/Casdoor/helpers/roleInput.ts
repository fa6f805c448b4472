import type { INodeExecutionData } from 'n8n-workflow';

import type { Completeness } from '../../../lib/directory/engine/completeness';
import { ReadTallies } from '../../../lib/directory/engine/completeness';
import { SOURCE_PROPERTY } from '../../../lib/directory/mapping/iamUser';
import type { RoleProvider } from '../../../lib/directory/mapping/roleNames';
import { isProviderId, providerEntry, providerIds } from '../../../lib/directory/sources/registry';
import { SyncInputError } from '../../shared/syncInput';

/**
 * The input of Sync Roles. Two shapes (docs/roles-reference.md):
 * - directory roles, one item per tag / role: WeCom Tag → Get Members {tagId, tagName,
 *   userids, source}, DingTalk Role → Get Members {roleId, roleName, userids, source}, or
 *   the neutral {provider, id?, name, userids, source?};
 * - IAM users from Map to IAM User with its Roles option: {owner, name, roles: ["org/role"],
 *   properties.source}.
 * An empty item is n8n's "always output data" placeholder and is skipped. Anything else
 * that is not of the shape stops the sync before it reads or writes: syncing the rest would
 * treat the missing role's members as gone.
 */

type Json = Record<string, unknown>;

export interface DirectoryRoleEntry {
	itemIndex: number;
	provider: RoleProvider;
	id?: string;
	name?: string;
	userids: string[];
}

const text = (value: unknown): string | undefined => {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
};

/** The provider of a role item: the one whose role ID field it carries (tagId: WeCom), else the one it or the source tag names. */
function providerOf(json: Json, source: string): RoleProvider | undefined {
	const byField = providerIds().find((id) => providerEntry(id).roleItemIdFields.some((field) => json[field] !== undefined));
	if (byField) return byField;
	const declared = text(json.provider) ?? source.split(':')[0];
	return isProviderId(declared) ? declared : undefined;
}

/** "a WeCom tag or a DingTalk role", and the fields that say so, from the registry. */
function whichProvider(): string {
	const ids = providerIds().map(providerEntry);
	const kinds = ids.map((e) => `a ${e.roleOrigin}`).join(' or ');
	const fields = [...ids.map((e) => `"${e.roleItemIdFields[0]}"`), '"provider"'];
	return `whether it is ${kinds}: give ${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}`;
}

function useridsOf(json: Json, i: number): string[] {
	const list = json.userids ?? json.userIds ?? (Array.isArray(json.members) ? (json.members as Json[]).map((m) => m?.userid) : undefined);
	if (!Array.isArray(list)) throw new SyncInputError(`Input item ${i} is not a directory role: it has no "userids" list`, i);
	return [...new Set(list.map(text).filter((u): u is string => u !== undefined))];
}

/** One source for the whole run: the parameter, else the one every item carries. */
function agreeOn(found: string | undefined, current: string, i: number, what: string): string {
	if (!found) return current;
	if (!current) return found;
	if (found !== current) {
		throw new SyncInputError(`Input item ${i} is ${what} "${found}", but this sync is for source "${current}". Sync one source at a time.`, i);
	}
	return current;
}

function describe(json: Json): string {
	return typeof json.error === 'string' ? ` It carries an error from an earlier node: ${json.error}` : '';
}

/**
 * Directory role items. The Source Name parameter wins over the items' own `source` (Get
 * Members names the corp / app; a workflow that maps users with a Source Name sets the
 * parameter to match); without it, every item must carry the same one.
 */
export function readDirectoryRoles(
	items: INodeExecutionData[],
	sourceParam: string,
	declaredComplete = false,
): { roles: DirectoryRoleEntry[]; source: string; completeness: Completeness } {
	const fixed = sourceParam.trim();
	let source = fixed;
	const roles: DirectoryRoleEntry[] = [];
	// Tag / Role → Get Many marks its items, and Get Members carries the mark on: a role missing
	// from a complete list was deleted upstream; from a limited or filtered one, it may not be.
	const tallies = new ReadTallies();
	items.forEach((item, i) => {
		const json = (item.json ?? {}) as Json;
		if (Object.keys(json).length === 0) return;
		if (typeof json.error === 'string' && json.userids === undefined) {
			throw new SyncInputError(`Input item ${i} is not a directory role.${describe(json)}`, i);
		}
		if (!fixed) source = agreeOn(text(json.source), source, i, 'from source');
		const provider = providerOf(json, source);
		if (!provider) {
			throw new SyncInputError(`Input item ${i} does not say ${whichProvider()}`, i);
		}
		const entry: DirectoryRoleEntry = {
			itemIndex: i,
			provider,
			id: text(json.tagId ?? json.tagid ?? json.roleId ?? json.id),
			name: text(json.tagName ?? json.tagname ?? json.roleName ?? json.name),
			userids: useridsOf(json, i),
		};
		roles.push(entry);
		tallies.add(json, entry.id ?? entry.name ?? String(i));
	});
	if (!source) {
		throw new SyncInputError(
			'No source tag: the input items carry no "source" and "Source Name" is empty. Set "Source Name" (e.g. wecom:my-company), or the Source Name in Map to IAM User, so the sync knows which Casdoor roles it owns.',
		);
	}
	return { roles, source, completeness: tallies.assess(declaredComplete) };
}

export interface UserRoles {
	/** Role name → member IDs ("owner/name"). */
	roles: Map<string, string[]>;
	source: string;
	users: number;
	/** The input users ("owner/name"): their roles are known whole, so their memberships may be removed from a partial input. */
	known: Set<string>;
	/** How far the input lets the sync remove (the users' read marks). */
	completeness: Completeness;
}

/** Map to IAM User items with `roles`: invert them into the members of each role. */
export function readUserRoles(items: INodeExecutionData[], organization: string, sourceParam: string, declaredComplete = false): UserRoles {
	let source = sourceParam.trim();
	const roles = new Map<string, string[]>();
	const known = new Set<string>();
	const tallies = new ReadTallies();
	let users = 0;
	items.forEach((item, i) => {
		const json = (item.json ?? {}) as Json;
		if (Object.keys(json).length === 0) return;
		const name = text(json.name);
		if (!name || !Array.isArray(json.roles)) {
			throw new SyncInputError(
				`Input item ${i} is not an IAM user with roles: it needs a "name" and a "roles" list (Map to IAM User → Options → Tags / Roles as Roles).${describe(json)}`,
				i,
			);
		}
		const owner = text(json.owner) ?? organization;
		if (owner !== organization) {
			throw new SyncInputError(`Input item ${i} ("${name}") belongs to organization "${owner}", but this sync writes to "${organization}"`, i);
		}
		const properties = (json.properties && typeof json.properties === 'object' ? json.properties : {}) as Json;
		source = agreeOn(text(properties[SOURCE_PROPERTY]), source, i, 'tagged with source');
		users++;
		known.add(`${organization}/${name}`);
		tallies.add(json, name);
		for (const entry of json.roles as unknown[]) {
			const id = text(entry);
			if (!id) continue;
			const [roleOwner, roleName] = id.includes('/') ? [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)] : [organization, id];
			if (roleOwner !== organization) {
				throw new SyncInputError(`Input item ${i} ("${name}") has role "${id}" of another organization than "${organization}"`, i);
			}
			const members = roles.get(roleName) ?? [];
			members.push(`${organization}/${name}`);
			roles.set(roleName, members);
		}
	});
	if (!source) {
		throw new SyncInputError(
			'No source tag: the input users carry no properties.source and "Source Name" is empty. Set "Source Name" (e.g. wecom:my-company), or the Source Name in Map to IAM User, so the sync knows which Casdoor roles it owns.',
		);
	}
	return { roles, source, users, known, completeness: tallies.assess(declaredComplete) };
}
