/**
 * A WeCom contact-change event (Event=change_contact, docs/api-notes.md, WeCom §6) as one flat item:
 * camelCase names, numbers as numbers, comma-separated lists as arrays, and absent fields
 * left out rather than blanked — callback URLs set up after 2022-08-15 receive only IDs,
 * and an empty string would read as "the value was cleared". WeCom's fields stay in `raw`.
 */
import { isoTime } from '../callback/callbackRequest';
import type { XmlObject, XmlValue } from './callbackXml';

export const WECOM_CHANGE_TYPES = [
	'create_user',
	'update_user',
	'delete_user',
	'create_party',
	'update_party',
	'delete_party',
	'update_tag',
] as const;

export type ContactEventItem = Record<string, string | number | number[] | string[] | XmlValue | undefined>;

export function normaliseWeComEvent(raw: XmlObject): ContactEventItem {
	const createTime = int(raw.CreateTime);
	const changeType = text(raw.ChangeType);
	const item: ContactEventItem = {
		event: text(raw.Event),
		changeType,
		corpId: text(raw.ToUserName),
		createTime,
		occurredAt: isoTime(createTime),
	};
	if (changeType?.endsWith('_user')) Object.assign(item, userFields(raw));
	else if (changeType?.endsWith('_party')) Object.assign(item, partyFields(raw));
	else if (changeType === 'update_tag') Object.assign(item, tagFields(raw));
	item.raw = raw;
	return withoutUndefined(item);
}

/** The fields that identify one event for duplicate detection (docs/api-notes.md, WeCom §6: sender + create time, plus what changed). */
export function weComEventIdentity(raw: XmlObject): string[] {
	return [
		text(raw.FromUserName) ?? '',
		text(raw.CreateTime) ?? '',
		text(raw.ChangeType) ?? text(raw.Event) ?? '',
		text(raw.UserID) ?? text(raw.Id) ?? text(raw.TagId) ?? '',
		text(raw.NewUserID) ?? '',
	];
}

function userFields(raw: XmlObject): ContactEventItem {
	return {
		userId: text(raw.UserID),
		newUserId: text(raw.NewUserID),
		name: text(raw.Name),
		departments: ints(raw.Department),
		mainDepartment: int(raw.MainDepartment),
		isLeaderInDept: ints(raw.IsLeaderInDept),
		directLeader: list(raw.DirectLeader),
		position: text(raw.Position),
		mobile: text(raw.Mobile),
		gender: int(raw.Gender),
		email: text(raw.Email),
		bizMail: text(raw.BizMail),
		status: int(raw.Status),
		avatar: text(raw.Avatar),
		alias: text(raw.Alias),
		telephone: text(raw.Telephone),
		address: text(raw.Address),
		extAttr: typeof raw.ExtAttr === 'object' ? raw.ExtAttr : undefined,
	};
}

function partyFields(raw: XmlObject): ContactEventItem {
	return {
		departmentId: int(raw.Id),
		parentId: int(raw.ParentId),
		name: text(raw.Name),
		order: int(raw.Order),
	};
}

function tagFields(raw: XmlObject): ContactEventItem {
	return {
		tagId: int(raw.TagId),
		addUserItems: list(raw.AddUserItems),
		delUserItems: list(raw.DelUserItems),
		addPartyItems: ints(raw.AddPartyItems),
		delPartyItems: ints(raw.DelPartyItems),
	};
}

function text(value: XmlValue | undefined): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function int(value: XmlValue | undefined): number | undefined {
	const s = text(value)?.trim();
	return s !== undefined && /^-?\d{1,15}$/.test(s) ? Number(s) : undefined;
}

/** "a,b,c" → ["a","b","c"]; an empty list is absent (WeCom sends "" for "no change"). */
function list(value: XmlValue | undefined): string[] | undefined {
	const parts = text(value)
		?.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '');
	return parts && parts.length ? parts : undefined;
}

/** "1,2,3" → [1,2,3]. A list with anything that is not a whole number is left to `raw` rather than half-read. */
function ints(value: XmlValue | undefined): number[] | undefined {
	const parts = list(value);
	if (!parts || !parts.every((p) => /^-?\d{1,15}$/.test(p))) return undefined;
	return parts.map(Number);
}

function withoutUndefined(item: ContactEventItem): ContactEventItem {
	for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
	return item;
}
