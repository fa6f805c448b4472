import type { IDataObject } from 'n8n-workflow';

import type { DingTalkClient } from '../../lib/dingtalk/client';
import { mapConcurrent } from '../../lib/transport/pool';
import { redact } from '../../lib/transport/redact';
import { shapeUser } from '../DingTalk/helpers/shapeUser';
import { pickProfile } from '../shared/directoryChanges';
import { leaverProfileFields, rememberMember } from '../shared/leaverProfile';

/** The user events after which the member can still be read. */
const READABLE = new Set(['user_add_org', 'user_modify_org', 'user_active_org']);

/** Reads at once for one event: DingTalk events can name many users, and the client's QPS limiter paces them anyway. */
const FETCH_CONCURRENCY = 4;

export interface ProfileContext {
	staticData: IDataObject;
	profilesKept: number;
	/** The API client when Fetch Member Profiles is on. */
	client?: () => Promise<DingTalkClient>;
	fields: readonly string[];
}

/**
 * DingTalk events carry user IDs only. "Left" items get the last-known profile the trigger
 * remembers; with Fetch Member Profiles, join/change/activate items are read through the API,
 * carried as `profile` and remembered. A read that fails leaves the item as it is, with the
 * reason: the event itself is never lost for a profile.
 */
export async function withUserProfiles(eventType: string, items: IDataObject[], ctx: ProfileContext): Promise<IDataObject[]> {
	if (eventType === 'user_leave_org') return items.map((item) => ({ ...item, ...leaverProfileFields(ctx.staticData, String(item.userId)) }));
	if (!READABLE.has(eventType) || !ctx.client) return items;
	const client = await ctx.client();
	const now = new Date();
	return await mapConcurrent(items, FETCH_CONCURRENCY, async (item) => {
		const userId = String(item.userId);
		try {
			const user = await client.getUser(userId);
			rememberMember(ctx.staticData, { userId, profile: pickProfile(user, ctx.fields), departments: user.dept_id_list }, { now, max: ctx.profilesKept, merge: false });
			return { ...item, profile: shapeUser(user, 'simplified') };
		} catch (error) {
			return { ...item, profile: null, profileError: redact(error instanceof Error ? error.message : String(error)) };
		}
	});
}
