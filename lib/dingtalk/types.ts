/** DingTalk oapi shapes (docs/api-notes.md, DingTalk §2–3), as the API sends them. */

export type DingTalkLanguage = 'zh_CN' | 'en_US';

export interface DingTalkDepartment {
	dept_id: number;
	name?: string;
	/** Absent on the root department. */
	parent_id?: number;
	create_dept_group?: boolean;
	auto_add_user?: boolean;
	[key: string]: unknown;
}

export interface DeptFlag {
	dept_id: number;
	leader: boolean;
}

export interface DeptOrder {
	dept_id: number;
	order: number;
}

export interface DingTalkUser {
	userid: string;
	unionid?: string;
	name?: string;
	avatar?: string;
	state_code?: string;
	mobile?: string;
	hide_mobile?: boolean;
	telephone?: string;
	job_number?: string;
	title?: string;
	email?: string;
	org_email?: string;
	work_place?: string;
	remark?: string;
	dept_id_list?: number[];
	/** v2/user/list only: the order and leader flag in the department listed. */
	dept_order?: number;
	leader?: boolean;
	/** v2/user/get (and directory walks, which rebuild them from the per-department listings). */
	dept_order_list?: DeptOrder[];
	leader_in_dept?: DeptFlag[];
	/** A JSON string. */
	extension?: string;
	hired_date?: number;
	active?: boolean;
	admin?: boolean;
	boss?: boolean;
	exclusive_account?: boolean;
	manager_userid?: string;
	[key: string]: unknown;
}

export interface UserPage {
	hasMore: boolean;
	nextCursor?: number;
	list: DingTalkUser[];
}

export type UserOrderField = 'entry_asc' | 'entry_desc' | 'modify_asc' | 'modify_desc' | 'custom';

export interface UserListOptions {
	orderField?: UserOrderField;
	containAccessLimit?: boolean;
	language?: DingTalkLanguage;
}

/** A create either adds the user or, for some numbers, only sends an invitation (40103). */
export type CreateUserResult =
	| { status: 'created'; userid: string; unionid?: string }
	| { status: 'invited'; userid?: string };

export interface DingTalkCredentials {
	appKey: string;
	appSecret: string;
	/** Calls per second per API for this app: the edition's limit (20 standard). */
	qps?: number;
	/** Legacy oapi base URL (every directory call is there). */
	baseUrl: string;
	/** New-style API base URL; kept for endpoints only the new family offers. */
	newApiBaseUrl?: string;
	timeoutMs?: number;
}
