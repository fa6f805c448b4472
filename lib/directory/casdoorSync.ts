import type { IDataObject } from 'n8n-workflow';

import type { CasdoorUser } from '../casdoor/types';
import { DirectoryApiError } from '../transport/errors';
import type { SyncWriter } from './applySync';
import type { IamUser } from './iamUser';
import { SOURCE_PROPERTY } from './iamUser';
import type { SyncAction, SyncRules } from './syncPlan';
import { diffUser } from './userDiff';

/**
 * Casdoor as a sync target: users are matched by name within one organization, owned
 * through properties.source, forbidden with isForbidden, and soft-deleted users count as
 * removed (and are restored when they return).
 */
export function casdoorSyncRules(organization: string): SyncRules<CasdoorUser> {
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
			properties: { ...(input.properties ?? {}), [SOURCE_PROPERTY]: source },
		}),
		// Users Casdoor's own syncer creates are "normal-user"; do the same so they look alike.
		created: (desired) => ({ type: 'normal-user', ...desired }),
		ref: (record) => ({ owner: organization, name: record.name }),
		changes(desired, stored) {
			// A user soft-deleted by an earlier sync (organizations with soft deletion) is restored when it returns.
			const diff = diffUser(stored.isDeleted === true ? { ...desired, isDeleted: false } : desired, stored);
			const reactivates =
				(diff.changes.isForbidden === false && stored.isForbidden === true) || diff.changes.isDeleted === false;
			return { diff, reactivates };
		},
		state: (stored) => (stored.isDeleted === true ? 'deleted' : stored.isForbidden === true ? 'forbidden' : 'active'),
		forbid: () => ({ columns: ['isForbidden'], changes: { isForbidden: true }, before: { isForbidden: false } }),
		groupOwner: organization,
		departmentGroupsOf: (stored) =>
			(Array.isArray(stored.groups) ? (stored.groups as unknown[]) : []).filter((g): g is string => typeof g === 'string'),
	};
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
		async write(action: SyncAction): Promise<boolean> {
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
					// A retried add-user whose first attempt did land answers "already exists": if the
					// user there is the one we sent, the create worked. This read happens only on that failure.
					if (failure instanceof DirectoryApiError && /already exists/i.test(failure.errmsg ?? '')) {
						const there = await client.getUser(owner, name).catch(() => null);
						const sent = action.user as CasdoorUser;
						if (there && there.properties?.[SOURCE_PROPERTY] === source && there.externalId === sent.externalId) return true;
					}
					throw failure;
				}
				case 'update':
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
