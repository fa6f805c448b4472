/** WeCom API shapes (docs/api-notes.md, WeCom §2–3), as the API sends them. */

export interface WeComDepartment {
	id: number;
	name?: string;
	name_en?: string;
	department_leader?: string[];
	parentid: number;
	order?: number;
}

export interface WeComMember {
	userid: string;
	name?: string;
	department?: number[];
	order?: number[];
	position?: string;
	mobile?: string;
	gender?: string;
	email?: string;
	biz_mail?: string;
	is_leader_in_dept?: number[];
	direct_leader?: string[];
	avatar?: string;
	thumb_avatar?: string;
	telephone?: string;
	alias?: string;
	address?: string;
	main_department?: number;
	status?: number;
	enable?: number;
	english_name?: string;
	[key: string]: unknown;
}

export interface WeComCredentials {
	corpId: string;
	secret: string;
	agentId?: string | number;
	baseUrl: string;
	maxConcurrency?: number;
	callsPerMinute?: number;
	timeoutMs?: number;
}

/** The body of user/create and user/update (D90195, D90197): only the fields to set. */
export interface WeComMemberWrite {
	userid: string;
	name?: string;
	alias?: string;
	mobile?: string;
	email?: string;
	biz_mail?: string;
	telephone?: string;
	position?: string;
	gender?: '1' | '2';
	department?: number[];
	order?: number[];
	is_leader_in_dept?: number[];
	main_department?: number;
	direct_leader?: string[];
	avatar_mediaid?: string;
	address?: string;
	enable?: 0 | 1;
	to_invite?: boolean;
	extattr?: { attrs: Array<Record<string, unknown>> };
	external_profile?: Record<string, unknown>;
	external_position?: string;
}

/** The body of department/create and department/update (D90341, D90206). */
export interface WeComDepartmentWrite {
	id?: number;
	name?: string;
	name_en?: string;
	parentid?: number;
	order?: number;
}

/** The body of batch/invite (D90975). */
export interface WeComInvite {
	user?: string[];
	party?: number[];
	tag?: number[];
}

/** Who a call could not reach: invite and message answers, normalised to lists. */
export interface WeComInvalidRecipients {
	invalidUsers: string[];
	invalidDepartments: number[];
	invalidTags: number[];
}
