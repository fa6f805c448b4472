import type { INodeExecutionData } from 'n8n-workflow';

import type { Completeness } from '../../lib/directory/engine/completeness';
import { ReadTallies } from '../../lib/directory/engine/completeness';
import type { IamUser } from '../../lib/directory/mapping/iamUser';
import { SOURCE_PROPERTY } from '../../lib/directory/mapping/iamUser';
import type { UnreadableDepartment } from '../../lib/directory/sources/model';
import { InputValidationError } from '../../lib/transport/errors';

export interface SyncInput {
	users: IamUser[];
	/** users[k] came from input item itemIndex[k]. */
	itemIndex: number[];
	/** The source tag: the parameter, else the one the items carry. */
	source: string;
	/** Departments the directory read could not read (an incomplete read marks its items); empty when complete. */
	unreadable: UnreadableDepartment[];
	/** How far this input lets the sync remove (the read marks the items carry, the user's declaration). */
	completeness: Completeness;
	/**
	 * Users whose fields are invalid: not written, and never removed (they are still upstream).
	 * `user` is what identifies them (owner, name, id, externalId, properties) so the planner can key them.
	 */
	invalid: Array<{ itemIndex: number; name: string; error: InputValidationError; user: IamUser }>;
}

function readUnreadable(value: unknown, into: Map<string, UnreadableDepartment>): void {
	if (!Array.isArray(value)) return;
	for (const entry of value as Array<Record<string, unknown>>) {
		const id = Number(entry?.id);
		if (!Number.isSafeInteger(id)) continue;
		const scope = entry.scope === 'subtree' || entry.scope === 'unknown' ? entry.scope : 'members';
		const key = `${id}|${scope}`;
		if (into.has(key)) continue;
		into.set(key, {
			id,
			scope,
			...(typeof entry.path === 'string' && entry.path ? { path: entry.path } : {}),
			error: typeof entry.error === 'string' ? entry.error : '',
		});
	}
}

/** Whether an item's JSON has no keys (n8n's "always output data" placeholder), without listing them. */
function isEmpty(json: object): boolean {
	for (const key in json) if (Object.prototype.hasOwnProperty.call(json, key)) return false;
	return true;
}

export interface SyncInputOptions {
	/** Names the target in messages ("Casdoor", "SCIM"). */
	target: string;
	/** The Source Name parameter ("" to take it from the items). */
	sourceParam: string;
	/** The fields of a user the target reads (unknown keys must not reach Casdoor's columns). */
	pick: (json: Record<string, unknown>) => Record<string, unknown>;
	/** Casdoor: the organization written to; items owned by another one are refused. */
	organization?: string;
	/** The target's checks: normalizes the picked fields; throws InputValidationError naming the field. */
	validate: (fields: Record<string, unknown>) => Record<string, unknown>;
	/** "Input Is the Complete Source": the user vouches for an input that carries no read marks. */
	declaredComplete?: boolean;
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
	const unreadable = new Map<string, UnreadableDepartment>();
	const invalid: SyncInput['invalid'] = [];
	const { validate } = options;
	let source = options.sourceParam.trim();
	const tallies = new ReadTallies();
	items.forEach((item, i) => {
		const json = item.json ?? {};
		if (isEmpty(json)) return;
		readUnreadable(json.unreadableDepartments, unreadable);
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
		tallies.add(json, name);
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
		let fields: Record<string, unknown> = {};
		let problem: unknown;
		try {
			fields = validate(options.pick(json));
		} catch (error) {
			problem = error;
		}
		if (problem instanceof InputValidationError) {
			const ids: Record<string, unknown> = {};
			for (const key of ['id', 'externalId'] as const) if (typeof json[key] === 'string' && json[key]) ids[key] = json[key];
			invalid.push({ itemIndex: i, name, error: problem, user: { ...ids, ...owner, name, properties } as unknown as IamUser });
			return;
		}
		if (problem !== undefined) throw problem;
		// `fields` is the fresh object pick/validate made for this item: completed in place, not copied again.
		users.push(Object.assign(fields, owner, { name, properties }) as unknown as IamUser);
		itemIndex.push(i);
	});
	if (!source) {
		throw new SyncInputError(
			`No source tag: the input users carry no properties.source and "Source Name" is empty. Set "Source Name" (e.g. wecom:my-company), or the Source Name in Map to IAM User, so the sync knows which ${options.target} users it owns.`,
		);
	}
	const completeness = tallies.assess(options.declaredComplete === true);
	return { users, itemIndex, source, unreadable: [...unreadable.values()], invalid, completeness };
}
