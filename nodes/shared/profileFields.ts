/**
 * The profile fields a trigger keeps of a member: the polling Directory Changes triggers
 * track them (a change in any is "updated"), and the event triggers remember them so that a
 * leaver's event can carry who they were. Status and departments are kept apart.
 */
export const WECOM_PROFILE_FIELDS = ['name', 'alias', 'english_name', 'position', 'mobile', 'email', 'biz_mail', 'telephone', 'gender', 'main_department', 'address'] as const;

export const DINGTALK_PROFILE_FIELDS = ['name', 'title', 'mobile', 'email', 'org_email', 'job_number', 'telephone', 'work_place', 'remark', 'manager_userid'] as const;
