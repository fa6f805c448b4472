import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Profile } from '../../lib/directory/sources/changes';
import { redact } from '../../lib/transport/redact';

/**
 * A member deleted upstream can no longer be read (WeCom 60111, DingTalk 60121), so an event
 * about a leaver carries what the node itself remembers of them — or says that it has
 * nothing. The event triggers remember the members they see join or change (from the event's
 * own fields, or from the profile they fetch with Fetch Member Profiles) in the node's static
 * data, which n8n saves after each webhook request or emitted event and loads again for the
 * next, so the memory survives restarts.
 */

/** One remembered member. */
interface Remembered {
	profile: Profile;
	departments?: number[];
	/** ISO time the member was last seen joining or changing. */
	seenAt: string;
}

type ProfileStore = Record<string, Remembered>;

export const DEFAULT_PROFILES_KEPT = 5000;

/** The option both event triggers show for the size of this memory. */
export const profilesKeptOption: INodeProperties = {
	displayName: 'Profiles Kept for Leavers',
	name: 'profilesKept',
	type: 'number',
	default: DEFAULT_PROFILES_KEPT,
	typeOptions: { minValue: 0 },
	description:
		'How many members this trigger remembers (the ones it most recently saw join or change), so that a "left" event can carry the last-known profile. About 200–400 bytes a member in the workflow\'s static data. 0 remembers nobody.',
};

/**
 * Store keys carry a prefix: JavaScript orders integer-like keys ("10045") numerically, and
 * the oldest-first eviction needs the insertion order.
 */
const slot = (userId: string) => `u:${userId}`;

/** The memory; created only to write into it, so a trigger that remembers nothing saves nothing. */
function storeOf(staticData: IDataObject, create: boolean): ProfileStore {
	const current = staticData.profiles;
	if (current && typeof current === 'object' && !Array.isArray(current)) return current as unknown as ProfileStore;
	if (!create) return {};
	staticData.profiles = {};
	return staticData.profiles as unknown as ProfileStore;
}

export interface SeenMember {
	userId: string;
	profile: Profile;
	departments?: number[];
}

/**
 * Remember what was seen of a member. `merge` keeps remembered fields the sighting does not
 * carry (WeCom update events carry only what changed); a fetched profile replaces them.
 * Keeps at most `max` members, dropping the ones not seen for longest.
 */
export function rememberMember(staticData: IDataObject, seen: SeenMember, options: { now: Date; max: number; merge: boolean }): void {
	const store = storeOf(staticData, options.max > 0);
	const key = slot(seen.userId);
	const before = store[key];
	delete store[key];
	if (options.max <= 0) return;
	store[key] = {
		profile: options.merge && before ? { ...before.profile, ...seen.profile } : seen.profile,
		departments: seen.departments ?? before?.departments,
		seenAt: options.now.toISOString(),
	};
	if (store[key].departments === undefined) delete store[key].departments;
	const keys = Object.keys(store);
	for (let i = 0; i < keys.length - options.max; i++) delete store[keys[i]];
}

/** WeCom renames a member's user ID in an update event (NewUserID): the memory follows. */
export function renameMember(staticData: IDataObject, from: string, to: string): void {
	const store = storeOf(staticData, false);
	const remembered = store[slot(from)];
	if (!remembered || from === to) return;
	delete store[slot(from)];
	store[slot(to)] = remembered;
}

/**
 * The fields a leaver's item gets: the last-known profile and when it was seen, or null and
 * why not. The member is forgotten: it has left.
 */
export function leaverProfileFields(staticData: IDataObject, userId: string): IDataObject {
	const store = storeOf(staticData, false);
	const remembered = store[slot(userId)];
	if (remembered) {
		delete store[slot(userId)];
		const profile: IDataObject = { userId, ...remembered.profile };
		if (remembered.departments) profile.departments = remembered.departments;
		return { lastKnownProfile: profile, lastKnownProfileSeenAt: remembered.seenAt, lastKnownProfileSource: 'trigger memory' };
	}
	return {
		lastKnownProfile: null,
		lastKnownProfileNote:
			'This trigger has not seen this member join or change since it started remembering (events carry IDs only, and a member who left can no longer be read). Turn on Fetch Member Profiles so that the trigger remembers the members it sees, or use the Directory Changes trigger (polling) with Keep Last-Known Profiles.',
	};
}

/** What a profile read gives: the item's `profile`, and what the trigger remembers. */
export interface ReadProfile {
	shown: IDataObject;
	remembered: SeenMember;
}

/**
 * Fetch Member Profiles for one event item: read the member, remember it, carry it as
 * `profile`. A read that fails leaves the item as it is, with `profile: null` and the reason:
 * the event itself is never lost for a profile.
 */
export async function withReadProfile(
	item: IDataObject,
	read: () => Promise<ReadProfile>,
	memory: { staticData: IDataObject; now: Date; max: number },
): Promise<IDataObject> {
	try {
		const { shown, remembered } = await read();
		rememberMember(memory.staticData, remembered, { now: memory.now, max: memory.max, merge: false });
		return { ...item, profile: shown };
	} catch (error) {
		return { ...item, profile: null, profileError: redact(error instanceof Error ? error.message : String(error)) };
	}
}
