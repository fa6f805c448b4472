import type { IDataObject } from 'n8n-workflow';

import type { TreeDepartment } from '../../../lib/directory/sources/model';
import type { WeComMember } from '../../../lib/wecom/types';

/** Fields WeCom withholds from apps created after 2022-06-20; an empty value means "not visible", never "cleared". copyWithoutWithheld names the same eight. */
const SENSITIVE = ['mobile', 'email', 'biz_mail', 'avatar', 'thumb_avatar', 'address', 'qr_code', 'telephone'];

const STATUS: Record<number, string> = { 1: 'active', 2: 'disabled', 4: 'notActivated', 5: 'left' };
const GENDER: Record<string, string> = { '1': 'male', '2': 'female' };

export type MemberOutput = 'simplified' | 'raw' | 'compact';

const shown = (value: unknown): boolean => value !== '' && value !== null && value !== undefined;

/**
 * A copy of the member without the withheld (empty) sensitive fields. The sensitive fields
 * are taken out by name in one step and the shown ones put back: fast, and the copy stays a
 * compact V8 object (a `delete`, or removing keys by computed name, costs 5 to 7 times
 * more time or memory, and a directory read does it for every member). Shown sensitive
 * fields therefore come after the others.
 */
function copyWithoutWithheld(member: WeComMember): IDataObject {
	const { mobile, email, biz_mail, avatar, thumb_avatar, address, qr_code, telephone, ...rest } = member;
	const out = rest as IDataObject;
	if (shown(mobile)) out.mobile = mobile;
	if (shown(email)) out.email = email;
	if (shown(biz_mail)) out.biz_mail = biz_mail;
	if (shown(avatar)) out.avatar = avatar;
	if (shown(thumb_avatar)) out.thumb_avatar = thumb_avatar;
	if (shown(address)) out.address = address;
	if (shown(qr_code)) out.qr_code = qr_code as string;
	if (shown(telephone)) out.telephone = telephone;
	return out;
}

/** Drop withheld sensitive fields instead of passing them on as "". */
export function withoutEmptySensitive(member: WeComMember): WeComMember {
	const withheld = SENSITIVE.some((key) => key in member && !shown(member[key]));
	return withheld ? (copyWithoutWithheld(member) as WeComMember) : member;
}

/** A member as an n8n item: raw API fields, or a flat, readable shape. Department names and paths are added when known. */
export function shapeMember(
	member: WeComMember,
	output: MemberOutput,
	tree?: Map<number, TreeDepartment>,
): IDataObject {
	if (output === 'compact') return compactMember(member, tree);
	if (output === 'raw') {
		const raw = copyWithoutWithheld(member);
		const ids = member.department ?? [];
		if (tree) {
			const known = ids.map((id) => tree.get(id));
			raw.department_names = known.map((d, i) => d?.name ?? String(ids[i]));
			raw.department_paths = known.map((d, i) => d?.path ?? String(ids[i]));
		}
		return raw;
	}
	const clean = withoutEmptySensitive(member);
	const ids = clean.department ?? [];
	const known = tree ? ids.map((id) => tree.get(id)) : [];
	const simplified: IDataObject = {
		userid: clean.userid,
		name: clean.name,
		departments: ids.map((id, i) => {
			const d: IDataObject = { id };
			if (known[i]?.name) d.name = known[i]!.name;
			if (known[i]?.path) d.path = known[i]!.path;
			if (clean.is_leader_in_dept) d.isLeader = clean.is_leader_in_dept[i] === 1;
			return d;
		}),
	};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') simplified[key] = value as IDataObject[string];
	};
	set('mainDepartment', clean.main_department);
	set('alias', clean.alias);
	set('position', clean.position);
	set('mobile', clean.mobile);
	set('email', clean.email);
	set('bizMail', clean.biz_mail);
	set('telephone', clean.telephone);
	set('gender', clean.gender !== undefined ? GENDER[String(clean.gender)] : undefined);
	set('avatar', clean.avatar);
	if (clean.status !== undefined) simplified.status = STATUS[clean.status] ?? String(clean.status);
	if (clean.enable !== undefined) simplified.enabled = clean.enable === 1;
	if (clean.direct_leader?.length) simplified.directLeader = clean.direct_leader;
	return simplified;
}

const NOT_IN_COMPACT = new Set(['order', 'extattr', 'external_profile', 'external_position', 'thumb_avatar', 'qr_code']);
const WITHHELD_WHEN_EMPTY = new Set(SENSITIVE);

/**
 * The raw shape without what no mapping or sync reads: per-department order, extended and
 * external profile, QR code, thumbnail, department names (the paths stay, for groups by
 * path). A 100k read keeps every item of every node in memory, so this is about half the
 * memory of Raw. Withheld sensitive fields are left out as in Raw.
 */
function compactMember(member: WeComMember, tree?: Map<number, TreeDepartment>): IDataObject {
	const kept: IDataObject = {};
	for (const key in member) {
		if (NOT_IN_COMPACT.has(key) || (WITHHELD_WHEN_EMPTY.has(key) && !shown(member[key]))) continue;
		kept[key] = member[key] as IDataObject[string];
	}
	if (tree) {
		const ids = member.department ?? [];
		kept.department_paths = ids.map((id) => tree.get(id)?.path ?? String(id));
	}
	return kept;
}
