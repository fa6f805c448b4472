/** WeCom API shapes (wecom-api.md §2–3), as the API sends them. */

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
