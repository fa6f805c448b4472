import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UserNameFrom } from '../../../lib/directory/targets/scim/scimUser';
import { toScimUserView } from '../../../lib/directory/targets/scim/scimUser';
import type { ScimClient } from '../../../lib/scim/client';
import type { ScimUser } from '../../../lib/scim/types';
import type { ScimUserView } from '../../../lib/scim/userView';
import { fromScimUserItem } from '../../../lib/scim/userView';
import { DirectoryApiError, InputValidationError } from '../../../lib/transport/errors';

/** How Get, Update, Deactivate, Reactivate and Delete find their user. */
export function findUserFields(operation: string): INodeProperties[] {
	const show = { resource: ['user'], operation: [operation] };
	return [
		{
			displayName: 'Find User By',
			name: 'findBy',
			description: 'Which field identifies the user',
			type: 'options',
			default: 'userName',
			displayOptions: { show },
			options: [
				{ name: 'User Name', value: 'userName', description: 'The userName (sign-in name), matched exactly' },
				{ name: 'ID', value: 'id', description: "The ID the SCIM server gave the user" },
			],
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
			placeholder: 'e.g. zhangsan',
			description: 'The user name or ID to look for',
		},
	];
}

/** The user item i names; a miss fails the item (404). */
export async function findUser(ctx: IExecuteFunctions, i: number, client: ScimClient): Promise<ScimUser> {
	const findBy = ctx.getNodeParameter('findBy', i) as 'userName' | 'id';
	const value = String(ctx.getNodeParameter('value', i, '') ?? '').trim();
	if (!value) throw new InputValidationError('Value', `is required (the user's ${findBy === 'id' ? 'ID' : 'user name'})`);
	if (findBy === 'id') return await client.getUser(value);
	const user = await client.findUserByUserName(value);
	if (!user) {
		throw new DirectoryApiError({
			provider: 'SCIM',
			errorClass: 'item',
			path: '/Users',
			httpStatus: 404,
			errmsg: `no user with userName "${value}"`,
		});
	}
	return user;
}

/** Where Create / Update / Create or Update take the user from. */
export function userDataFields(operation: string): INodeProperties[] {
	const show = { resource: ['user'], operation: [operation] };
	const additional: INodeProperties[] = [
		{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether the user may sign in' },
		{ displayName: 'Department', name: 'department', description: 'The department name (enterprise extension)', type: 'string', default: '' },
		{ displayName: 'Display Name', name: 'displayName', description: 'The name shown to people', type: 'string', default: '' },
		{ displayName: 'Email', name: 'email', description: 'The work e-mail address', type: 'string', default: '', placeholder: 'name@email.com' },
		{ displayName: 'Employee Number', name: 'employeeNumber', description: 'The employee or job number (enterprise extension)', type: 'string', default: '' },
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: 'Your own ID for the user. Sync Users marks the users it owns here as "source/ID".',
		},
		{ displayName: 'Family Name', name: 'familyName', description: 'The last name', type: 'string', default: '' },
		{ displayName: 'Given Name', name: 'givenName', description: 'The first name', type: 'string', default: '' },
		{ displayName: 'Manager ID', name: 'manager', type: 'string', default: '', description: "The SCIM ID of the user's manager" },
		{ displayName: 'Phone', name: 'phone', description: 'The mobile phone number', type: 'string', default: '' },
		{ displayName: 'Title', name: 'title', description: 'The job title', type: 'string', default: '' },
	];
	return [
		{
			displayName: 'User Data',
			name: 'userData',
			description: 'Where the user\'s fields come from',
			type: 'options',
			default: 'item',
			displayOptions: { show },
			options: [
				{
					name: 'From Input Item',
					value: 'item',
					description: 'An IAM user (the output of "Map to IAM User") or a SCIM user (with userName)',
				},
				{ name: 'Define Below', value: 'fields', description: 'Set the fields in this node' },
			],
		},
		{
			displayName: 'User Name From',
			name: 'userNameFrom',
			type: 'options',
			default: 'name',
			displayOptions: { show: { ...show, userData: ['item'] } },
			options: [
				{ name: 'IAM User Name', value: 'name', description: 'The name "Map to IAM User" made' },
				{ name: 'Email', value: 'email', description: 'For servers that sign users in by email; falls back to the name' },
			],
			description: 'What an IAM user item\'s SCIM userName is',
		},
		operation === 'update'
			? {
					displayName: 'New User Name',
					name: 'userName',
					type: 'string',
					default: '',
					displayOptions: { show: { ...show, userData: ['fields'] } },
					description: 'Renames the user; leave empty to keep the user name',
				}
			: {
					displayName: 'User Name',
					name: 'userName',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'e.g. zhangsan',
					displayOptions: { show: { ...show, userData: ['fields'] } },
					description: "The user's sign-in name, unique on the server",
				},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { ...show, userData: ['fields'] } },
			options: additional,
		},
	];
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

/**
 * The user item i describes, as a view: an IAM user is mapped (the table in
 * lib/directory/targets/scim/scimUser.ts), a SCIM user is read as it is, fields are taken from the
 * node. Empty values are left out, so they never blank anything on the server;
 * `keepUserName` lets the fields leave userName empty (Update without a rename).
 */
export function readUserView(ctx: IExecuteFunctions, i: number, options: { keepUserName?: boolean } = {}): ScimUserView {
	if (ctx.getNodeParameter('userData', i) === 'item') {
		const json = ctx.getInputData()[i].json;
		if (typeof json.name === 'string') {
			return toScimUserView(json, { userNameFrom: ctx.getNodeParameter('userNameFrom', i, 'name') as UserNameFrom });
		}
		if (typeof json.userName === 'string' && json.userName.trim() !== '') {
			const view = fromScimUserItem(json as unknown as ScimUser);
			delete view.id;
			return view;
		}
		throw new InputValidationError('name', 'is missing: the input item is neither an IAM user (from "Map to IAM User") nor a SCIM user (with userName)');
	}
	// Update may leave it empty: "" is never written, so the user keeps its name.
	const userName = text(ctx.getNodeParameter('userName', i, '')) ?? '';
	if (!userName && !options.keepUserName) throw new InputValidationError('User Name', 'is required');
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const view: ScimUserView = { userName };
	for (const key of ['externalId', 'displayName', 'givenName', 'familyName', 'email', 'phone', 'title', 'employeeNumber', 'department', 'manager'] as const) {
		const value = text(extra[key]);
		if (value !== undefined) view[key] = value;
	}
	if (typeof extra.active === 'boolean') view.active = extra.active;
	return view;
}

/** The summary of a user an operation outputs next to its action. */
export function userRef(user: ScimUser | ScimUserView): IDataObject {
	const out: IDataObject = { id: user.id, userName: user.userName };
	if (user.externalId !== undefined) out.externalId = user.externalId;
	return out;
}
