/**
 * DingTalk contact events (docs/api-notes.md, DingTalk §6) as items. A callback names the event and
 * lists the IDs it affects (`UserId: [...]` or `DeptId: [...]`); the workflow gets one item
 * per ID, because every next step (fetch the user, upsert, disable) works on one ID.
 */
import { isoTime } from '../callback/callbackRequest';

export const DINGTALK_USER_EVENTS = ['user_add_org', 'user_modify_org', 'user_leave_org', 'user_active_org'] as const;
export const DINGTALK_DEPARTMENT_EVENTS = ['org_dept_create', 'org_dept_modify', 'org_dept_remove'] as const;
export const DINGTALK_CONTACT_EVENTS = [...DINGTALK_USER_EVENTS, ...DINGTALK_DEPARTMENT_EVENTS] as const;

export type DingTalkItem = Record<string, unknown>;

export function eventTypeOf(event: Record<string, unknown>): string | undefined {
	const type = event.EventType ?? event.eventType;
	return typeof type === 'string' && type !== '' ? type : undefined;
}

/** One item per affected ID, each with the event fields and the whole event under `raw`. */
export function dingTalkEventItems(event: Record<string, unknown>): DingTalkItem[] {
	const eventType = eventTypeOf(event);
	const timeStamp = toNumber(event.TimeStamp ?? event.timeStamp);
	const common: DingTalkItem = {
		event: eventType,
		corpId: typeof event.CorpId === 'string' ? event.CorpId : undefined,
		timeStamp,
		occurredAt: isoTime(timeStamp),
	};
	for (const key of Object.keys(common)) if (common[key] === undefined) delete common[key];

	if ((DINGTALK_USER_EVENTS as readonly string[]).includes(eventType ?? '')) {
		return ids(event.UserId ?? event.userId).map((id) => ({ ...common, userId: String(id), raw: event }));
	}
	if ((DINGTALK_DEPARTMENT_EVENTS as readonly string[]).includes(eventType ?? '')) {
		return ids(event.DeptId ?? event.deptId).map((id) => ({ ...common, departmentId: toNumber(id) ?? id, raw: event }));
	}
	return [];
}

/**
 * What makes two deliveries the same event: DingTalk's event ID when it sends one,
 * otherwise the corp, the type, the time and the IDs.
 */
export function dingTalkEventIdentity(event: Record<string, unknown>): string[] {
	const eventId = event.EventId ?? event.eventId;
	if (typeof eventId === 'string' && eventId !== '') return ['id', eventId];
	const affected = ids(event.UserId ?? event.userId ?? event.DeptId ?? event.deptId).map(String).sort();
	return [String(event.CorpId ?? ''), eventTypeOf(event) ?? '', String(event.TimeStamp ?? event.timeStamp ?? ''), affected.join(',')];
}

function ids(value: unknown): Array<string | number> {
	const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
	return list.filter((v): v is string | number => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v)));
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) return Number(value);
	return undefined;
}
