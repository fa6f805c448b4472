import type { INodeExecutionData } from 'n8n-workflow';

import type { IamUser } from '../../lib/directory/iamUser';
import { SOURCE_PROPERTY } from '../../lib/directory/iamUser';

export interface SyncInput {
	users: IamUser[];
	/** users[k] came from input item itemIndex[k]. */
	itemIndex: number[];
	/** The source tag: the parameter, else the one the items carry. */
	source: string;
}

export interface SyncInputOptions {
	/** Names the target in messages ("Casdoor", "SCIM"). */
	target: string;
	/** The Source Tag parameter ("" to take it from the items). */
	sourceParam: string;
	/** The fields of a user the target reads (unknown keys must not reach Casdoor's columns). */
	pick: (json: Record<string, unknown>) => Record<string, unknown>;
	/** Casdoor: the organization written to; items owned by another one are refused. */
	organization?: string;
}

/** A problem with the input that must stop the sync before it reads or writes anything. */
export class SyncInputError extends Error {
	constructor(
		message: string,
		readonly itemIndex?: number,
	) {
		super(message);
		this.name = 'SyncInputError';
	}
}

/**
 * The users of one source, from every input item. An empty item is n8n's "always output
 * data" placeholder and is skipped. Anything else must be a user: an item without a name
 * (for instance an error item from an earlier node) stops the sync, because syncing the
 * rest would treat that user as gone and remove them.
 */
export function readSyncInput(items: INodeExecutionData[], options: SyncInputOptions): SyncInput {
	const { organization } = options;
	const users: IamUser[] = [];
	const itemIndex: number[] = [];
	let source = options.sourceParam.trim();
	items.forEach((item, i) => {
		const json = item.json ?? {};
		if (Object.keys(json).length === 0) return;
		const name = typeof json.name === 'string' ? json.name.trim() : '';
		if (!name) {
			const why = typeof json.error === 'string' ? ` It carries an error from an earlier node: ${json.error}` : '';
			throw new SyncInputError(`Input item ${i} is not an IAM user: it has no "name".${why}`, i);
		}
		if (organization !== undefined && typeof json.owner === 'string' && json.owner && json.owner !== organization) {
			throw new SyncInputError(
				`Input item ${i} ("${name}") belongs to organization "${json.owner}", but this sync writes to "${organization}"`,
				i,
			);
		}
		const properties = (json.properties && typeof json.properties === 'object' ? json.properties : {}) as Record<string, string>;
		const tag = typeof properties[SOURCE_PROPERTY] === 'string' ? properties[SOURCE_PROPERTY] : '';
		if (tag) {
			if (!source) source = tag;
			else if (tag !== source) {
				throw new SyncInputError(
					`Input item ${i} ("${name}") is tagged with source "${tag}", but this sync is for source "${source}". Sync one source at a time.`,
					i,
				);
			}
		}
		const owner = organization !== undefined ? { owner: organization } : {};
		users.push({ ...options.pick(json), ...owner, name, properties } as unknown as IamUser);
		itemIndex.push(i);
	});
	if (!source) {
		throw new SyncInputError(
			`No source tag: the input users carry no properties.source and "Source Tag" is empty. Set "Source Tag" (e.g. wecom:acme) so the sync knows which ${options.target} users it owns.`,
		);
	}
	return { users, itemIndex, source };
}
