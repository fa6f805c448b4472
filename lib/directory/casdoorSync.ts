import type { IDataObject } from 'n8n-workflow';

import type { CasdoorUser } from '../casdoor/types';
import { DirectoryApiError } from '../transport/errors';
import type { SyncWriter } from './applySync';
import type { WriteAnswer } from './runPlan';
import { BY_ANOTHER_RUN } from './runPlan';
import type { IamUser } from './iamUser';
import { SOURCE_PROPERTY } from './iamUser';
import type { LinkField, SyncAction, SyncRules } from './syncPlan';
import { diffUser, nationalDigits } from './userDiff';

/**
 * Casdoor as a sync target: users are matched by name within one organization, owned
 * through properties.source, forbidden with isForbidden, and soft-deleted users count as
 * removed (and are restored when they return).
 */
export function casdoorSyncRules(organization: string): SyncRules<CasdoorUser> {
	const groupsOf = (stored: CasdoorUser) =>
		(Array.isArray(stored.groups) ? (stored.groups as unknown[]) : []).filter((g): g is string => typeof g === 'string');
	return {
		target: 'Casdoor',
		where: `in "${organization}"`,
		keyName: 'name',
		words: { forbid: 'forbid', forbidden: 'forbidden' },
		keyOf: (record) => String(record.name),
		nameOf: (record) => String(record.name),
		ownerOf: (stored) => stored.properties?.[SOURCE_PROPERTY] || undefined,
		desired: (input: IamUser, source: string) => ({
			...input,
			owner: organization,
			properties: {
				...(input.properties ?? {}),
				[SOURCE_PROPERTY]: source,
				...(Array.isArray(input.groups) ? { [SOURCE_GROUPS_PROPERTY]: groupRecord(input.groups) } : {}),
			},
		}),
		// Users Casdoor's own syncer creates are "normal-user"; do the same so they look alike.
		created: (desired) => ({ type: 'normal-user', ...desired }),
		ref: (record) => ({ owner: organization, name: record.name }),
		changes(desired, stored) {
			// A user soft-deleted by an earlier sync (organizations with soft deletion) is restored when it returns.
			const wanted = Array.isArray(desired.groups) ? { ...desired, groups: ownedGroupsMerged(desired.groups as string[], stored) } : desired;
			const diff = diffUser(stored.isDeleted === true ? { ...wanted, isDeleted: false } : wanted, stored);
			const reactivates =
				(diff.changes.isForbidden === false && stored.isForbidden === true) || diff.changes.isDeleted === false;
			return { diff, reactivates };
		},
		state: (stored) => (stored.isDeleted === true ? 'deleted' : stored.isForbidden === true ? 'forbidden' : 'active'),
		forbid: () => ({ columns: ['isForbidden'], changes: { isForbidden: true }, before: { isForbidden: false } }),
		groupOwner: organization,
		// The groups this source put the user in; before it kept a record, all of the user's groups.
		departmentGroupsOf: (stored) => readGroupRecord(stored) ?? groupsOf(stored),
		linkValue: (record, field) => casdoorLinkValue(record, field),
		// A linked user keeps its own name: the source finds it again by the directory ID in externalId.
		aliasOf: (record) => (typeof record.externalId === 'string' && record.externalId !== '' ? record.externalId : undefined),
	};
}

/**
 * The values account linking compares. Job Number is the user name: Casdoor has no
 * employee-number column, and its DingTalk syncer names users by job number (so does Map to
 * IAM User by default).
 */
function casdoorLinkValue(record: Record<string, unknown>, field: LinkField): string | undefined {
	const raw = field === 'jobNumber' ? record.name : record[field];
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	if (field === 'email') return raw.trim().toLowerCase();
	if (field === 'phone') return nationalDigits(raw);
	return raw.trim();
}

/**
 * The property that records the groups a sync put a user in (a JSON list of "owner/name").
 * Memberships are owned one by one: a sync adds and removes only the groups in this record,
 * so a group an administrator added in Casdoor (a VIP group, an app's access group) stays.
 */
export const SOURCE_GROUPS_PROPERTY = 'sourceGroups';

function groupRecord(groups: readonly string[]): string {
	return JSON.stringify([...new Set(groups)].sort());
}

/** The record of a stored user; undefined when it has none (synced before the record existed, or never given groups). */
function readGroupRecord(stored: CasdoorUser): string[] | undefined {
	const raw = stored.properties?.[SOURCE_GROUPS_PROPERTY];
	if (typeof raw !== 'string' || raw === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(raw);
		return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The groups to write for a user the source wants in `wanted`: the stored groups minus the
 * ones this source put it in that it no longer wants, plus the wanted ones. A user with no
 * record yet loses no group (the sync cannot tell its groups from an administrator's); the
 * record written now lets the next sync move it.
 */
function ownedGroupsMerged(wanted: readonly string[], stored: CasdoorUser): string[] {
	const owned = new Set(readGroupRecord(stored) ?? []);
	const want = new Set(wanted);
	const current = (Array.isArray(stored.groups) ? stored.groups : []).filter((g) => typeof g === 'string');
	const kept = current.filter((g) => !owned.has(g) || want.has(g));
	const keptSet = new Set(kept);
	return [...kept, ...wanted.filter((g) => !keptSet.has(g))];
}

/** The Casdoor calls a sync makes; the Casdoor client provides them. */
export interface CasdoorWrites {
	addUser(user: CasdoorUser): Promise<boolean>;
	updateUser(owner: string, name: string, changes: IDataObject, columns: readonly string[]): Promise<boolean>;
	deleteUser(owner: string, name: string): Promise<boolean>;
	getUser(owner: string, name: string): Promise<CasdoorUser | null>;
}

/** One Casdoor call per action: add-user, update-user with columns, or delete-user. */
export function casdoorSyncWriter(client: CasdoorWrites, source: string): SyncWriter {
	return {
		async write(action: SyncAction): Promise<WriteAnswer> {
			const owner = String(action.ref.owner);
			const name = String(action.ref.name);
			switch (action.action) {
				case 'create': {
					let failure: unknown;
					try {
						return await client.addUser(action.user as CasdoorUser);
					} catch (error) {
						failure = error;
					}
					// "Already exists" with the user we sent there (this source, this external ID): either a
					// retried add-user whose first attempt landed (ours), or another run of this sync created
					// it since our read (two Apply runs at once). Only an attempt that may have reached
					// Casdoor makes it ours; without one it is the other run's, and counting it as created
					// here would report every user twice. This read happens only on that failure.
					if (failure instanceof DirectoryApiError && /already exists/i.test(failure.errmsg ?? '')) {
						const there = await client.getUser(owner, name).catch(() => null);
						const sent = action.user as CasdoorUser;
						if (there && there.properties?.[SOURCE_PROPERTY] === source && there.externalId === sent.externalId) {
							return failure.ambiguousAttempts > 0 ? true : BY_ANOTHER_RUN;
						}
					}
					throw failure;
				}
				case 'update':
				case 'link':
				case 'unforbid':
				case 'forbid':
					return await client.updateUser(owner, name, (action.changes ?? {}) as IDataObject, action.columns ?? []);
				case 'delete':
					return await client.deleteUser(owner, name);
				default:
					return false;
			}
		},
	};
}
