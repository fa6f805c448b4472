import type { IDataObject } from 'n8n-workflow';

import type { CasdoorUser } from '../../../casdoor/types';
import { DirectoryApiError } from '../../../transport/errors';
import type { WriteAnswer } from '../../engine/runPlan';
import { BY_ANOTHER_RUN } from '../../engine/runPlan';
import type { SyncAction, SyncWriter } from '../../engine/syncTypes';
import { SOURCE_PROPERTY } from '../../mapping/iamUser';

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
