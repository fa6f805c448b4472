import type { IDataObject } from 'n8n-workflow';

import type { DingTalkClient } from '../../lib/dingtalk/client';
import { mapConcurrent } from '../../lib/transport/pool';
import { shapeUser } from '../DingTalk/helpers/shapeUser';
import { pickProfile } from '../shared/directoryChanges';
import { leaverProfileFields, withReadProfile } from '../shared/leaverProfile';

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
 * carried as `profile` and remembered (withReadProfile).
 */
export async function withUserProfiles(eventType: string, items: IDataObject[], ctx: ProfileContext): Promise<IDataObject[]> {
	if (eventType === 'user_leave_org') return items.map((item) => ({ ...item, ...leaverProfileFields(ctx.staticData, String(item.userId)) }));
	if (!READABLE.has(eventType) || !ctx.client) return items;
	const client = await ctx.client();
	const memory = { staticData: ctx.staticData, now: new Date(), max: ctx.profilesKept };
	return await mapConcurrent(items, FETCH_CONCURRENCY, async (item) => {
		const userId = String(item.userId);
		return await withReadProfile(
			item,
			async () => {
				const user = await client.getUser(userId);
				return { shown: shapeUser(user, 'simplified'), remembered: { userId, profile: pickProfile(user, ctx.fields), departments: user.dept_id_list } };
			},
			memory,
		);
	});
}
