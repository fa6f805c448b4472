import type { CasdoorUser } from '../../../casdoor/types';
import type { IamUser } from '../../mapping/iamUser';
import { SOURCE_PROPERTY } from '../../mapping/iamUser';
import type { LinkField, SyncRules } from '../../engine/syncTypes';
import { diffUser, nationalDigits } from '../../engine/userDiff';

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
		desired: (input: IamUser, source: string) => completeRecord(input, organization, source),
		// Users Casdoor's own syncer creates are "normal-user"; do the same so they look alike.
		// The desired record is the input's own (see completeRecord): completed, not copied.
		created: (desired) => {
			if (desired.type === undefined) desired.type = 'normal-user';
			return desired;
		},
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
 * The record this sync wants for an input user: the input record itself, completed in place
 * with the organization and the ownership marks (the source, and the groups it gives the
 * user). The planner's input records are the run's own — readSyncInput makes a fresh one per
 * item — so completing them is safe, and a 100k-user sync then holds each user once instead
 * of twice (issue 20). `properties` is replaced, never changed: the input's may be an n8n
 * item's. Idempotent: a record already complete is returned as it is, and completing it
 * again changes nothing.
 */
function completeRecord(input: IamUser, organization: string, source: string): Record<string, unknown> {
	const record = input as unknown as Record<string, unknown>;
	const properties = input.properties ?? {};
	const groups = Array.isArray(input.groups) ? groupRecord(input.groups) : undefined;
	const marked = properties[SOURCE_PROPERTY] === source && (groups === undefined || properties[SOURCE_GROUPS_PROPERTY] === groups);
	if (record.owner !== organization) record.owner = organization;
	if (!marked) {
		record.properties = {
			...properties,
			[SOURCE_PROPERTY]: source,
			...(groups !== undefined ? { [SOURCE_GROUPS_PROPERTY]: groups } : {}),
		};
	}
	return record;
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
