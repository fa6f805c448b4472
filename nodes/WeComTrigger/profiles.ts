import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Profile } from '../../lib/directory/sources/changes';
import { shapeMember } from '../WeCom/helpers/shapeMember';
import { pickProfile } from '../shared/directoryChanges';
import { leaverProfileFields, rememberMember, renameMember, withReadProfile } from '../shared/leaverProfile';
import { weComPollClient } from '../shared/pollClients';
import { WECOM_PROFILE_FIELDS } from '../shared/profileFields';

/** The event's own member fields (callback URLs set up before 2022-08-15 receive them) under the API's names. */
const EVENT_FIELDS: Record<string, string> = {
	name: 'name',
	alias: 'alias',
	position: 'position',
	mobile: 'mobile',
	email: 'email',
	bizMail: 'biz_mail',
	telephone: 'telephone',
	gender: 'gender',
	mainDepartment: 'main_department',
	address: 'address',
};

function eventProfile(item: IDataObject): Profile {
	const profile: Profile = {};
	for (const [from, to] of Object.entries(EVENT_FIELDS)) {
		const value = item[from];
		if (typeof value === 'string' || typeof value === 'number') profile[to] = value;
	}
	return profile;
}

/**
 * A member event with what the trigger knows of the member: "left" events carry the
 * last-known profile; "created"/"updated" events are remembered (the event's own fields,
 * merged over what was known) and, with Fetch Member Profiles, read through the API and
 * carried as `profile`. A read that fails leaves the event as it is, with the reason.
 */
export async function withMemberProfile(ctx: IWebhookFunctions, item: IDataObject, profilesKept: number): Promise<IDataObject> {
	const staticData = ctx.getWorkflowStaticData('node');
	const changeType = item.changeType;
	const userId = typeof item.userId === 'string' ? item.userId : undefined;
	if (!userId) return item;
	if (changeType === 'delete_user') return { ...item, ...leaverProfileFields(staticData, userId) };
	if (changeType !== 'create_user' && changeType !== 'update_user') return item;
	const now = new Date();
	const newId = typeof item.newUserId === 'string' ? item.newUserId : undefined;
	if (newId) renameMember(staticData, userId, newId);
	const id = newId ?? userId;
	const departments = Array.isArray(item.departments) ? (item.departments as number[]) : undefined;
	const fromEvent = eventProfile(item);
	if (Object.keys(fromEvent).length > 0 || departments) {
		rememberMember(staticData, { userId: id, profile: fromEvent, departments }, { now, max: profilesKept, merge: true });
	}
	if (ctx.getNodeParameter('fetchProfiles', false) !== true) return item;
	return await withReadProfile(
		item,
		async () => {
			const member = await (await weComPollClient(ctx)).getMember(id);
			return { shown: shapeMember(member, 'simplified'), remembered: { userId: id, profile: pickProfile(member, WECOM_PROFILE_FIELDS), departments: member.department } };
		},
		{ staticData, now, max: profilesKept },
	);
}
