import type { INodeProperties } from 'n8n-workflow';

import type { RoleNameOptions, RoleNaming } from '../../lib/directory/mapping/roleNames';

/**
 * How tags / roles are named as IAM roles: shared by Map to IAM User (its Roles option) and
 * Casdoor → Role → Sync Roles, which must make the same choice for the names to meet.
 */
export const roleNamingOption: INodeProperties = {
	displayName: 'Role Names',
	name: 'roleNaming',
	type: 'options',
	default: 'name',
	options: [
		{ name: 'By Name', value: 'name', description: 'Role "UI Designers" for the tag or role named UI Designers' },
		{ name: 'By ID', value: 'id', description: 'Role "wecom-tag-12" / "dingtalk-role-3093": stable when a tag or role is renamed' },
	],
	description: 'How a WeCom tag or DingTalk role is named as an IAM role. Use the same choice in Map to IAM User and Sync Roles.',
};

export const rolePrefixOption: INodeProperties = {
	displayName: 'Role Name Prefix',
	name: 'rolePrefix',
	type: 'string',
	default: '',
	placeholder: 'e.g. wecom-',
	description: 'Text put before every role name, to keep synced roles apart from local ones. Use the same prefix in Map to IAM User and Sync Roles.',
};

export function readRoleNameOptions(options: { roleNaming?: unknown; rolePrefix?: unknown }): RoleNameOptions {
	const naming: RoleNaming = options.roleNaming === 'id' ? 'id' : 'name';
	return { naming, prefix: typeof options.rolePrefix === 'string' ? options.rolePrefix.trim() : '' };
}
