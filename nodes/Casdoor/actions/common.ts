import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CasdoorClient } from '../../../lib/casdoor/client';
import { pickUserFields } from '../../../lib/casdoor/fields';
import { validateUserFields } from '../../../lib/casdoor/validate';
import { CASDOOR_NAME_PATTERN } from '../../../lib/directory/mapping/iamNames';
import { DirectoryApiError, InputValidationError } from '../../../lib/transport/errors';
import { scalarText } from '../../../lib/transport/inputText';

export const organizationField: INodeProperties = {
	displayName: 'Organization',
	name: 'organization',
	type: 'string',
	default: '',
	placeholder: 'e.g. my-organization',
	description:
		"The organization's name. Leave empty to use the input item's owner, or else the credential's Default Organization.",
};

/**
 * The organization of item i: the parameter, else the item's owner, else the credential's
 * default. A parameter and an owner that disagree are an error, not a silent choice.
 */
export function organizationFor(ctx: IExecuteFunctions, i: number, client: CasdoorClient, itemOwner?: unknown): string {
	const param = String(ctx.getNodeParameter('organization', i, '') ?? '').trim();
	const owner = scalarText(itemOwner, 'owner') ?? '';
	if (param && owner && param !== owner) {
		throw new InputValidationError('owner', `is "${owner}" in the input item, but the Organization parameter is "${param}"`);
	}
	const organization = param || owner || client.organization;
	if (!organization) throw new InputValidationError('Organization', 'is empty: set it here or in the credential');
	return organization;
}

export function requireName(value: unknown, field = 'User Name'): string {
	const name = scalarText(value, field);
	if (!name) throw new InputValidationError(field, 'is required (the Casdoor user name)');
	return name;
}

/** Casdoor refuses such names on add; checking first saves a call and says exactly why. */
export function requireValidNewName(name: string): string {
	if ([...name].length > 100) throw new InputValidationError('name', `must be at most 100 characters (Casdoor's column; it has ${[...name].length})`);
	if (!CASDOOR_NAME_PATTERN.test(name)) {
		throw new InputValidationError(
			'name',
			`"${name}" is not a valid Casdoor user name: letters and digits, separated by single "-", "." or "_" (use Map to IAM User with Name Rule "Sanitize")`,
		);
	}
	return name;
}

export const userNameField: INodeProperties = {
	displayName: 'User Name',
	name: 'userName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. zhangsan',
	description: 'The Casdoor user name (the part after "organization/")',
};

/** Where Create / Update / Upsert take the user from. */
export function userDataFields(operations: string[], withPassword: boolean): INodeProperties[] {
	const show = { resource: ['user'], operation: operations };
	const additional: INodeProperties[] = [
		{ displayName: 'Affiliation', name: 'affiliation', type: 'string', default: '', description: 'The company or institution the user belongs to (free text shown on the profile)' },
		{ displayName: 'Avatar URL', name: 'avatar', type: 'string', default: '', description: 'Address of the profile picture' },
		{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'e.g. CN', description: 'The region of the phone number' },
		{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'name@email.com', description: 'The e-mail address (Casdoor can use it for sign-in and password reset)' },
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'The ID of this person in another system (e.g. the HR system); Sync Users can match existing users by it' },
		{
			displayName: 'Gender',
			name: 'gender',
			type: 'options',
			default: 'Male',
			description: 'The gender shown on the profile',
			options: [
				{ name: 'Male', value: 'Male' },
				{ name: 'Female', value: 'Female' },
			],
		},
		{
			displayName: 'Groups',
			name: 'groups',
			type: 'string',
			default: '',
			placeholder: 'e.g. engineering, my-organization/sales',
			description: 'Comma-separated group names; a name without "organization/" gets the user\'s organization',
		},
		{ displayName: 'Is Forbidden', name: 'isForbidden', type: 'boolean', default: false, description: 'Whether the user is blocked from signing in (the account and its data stay)' },
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'The phone number without the country code (set Country Code for the region)' },
		{ displayName: 'Tag', name: 'tag', type: 'string', default: '', description: 'A free-text label Casdoor shows with the user (e.g. staff, contractor); not a role or group' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The job title' },
		{ displayName: 'User ID', name: 'id', type: 'string', default: '', description: 'Casdoor\'s "ID" field (the user\'s unique ID)' },
	];
	if (withPassword) {
		additional.push({
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Set only when the user is created',
		});
	}
	additional.sort((a, b) => a.displayName.localeCompare(b.displayName));
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
					description: 'Use the Casdoor user fields of the input item, e.g. the output of "Map to IAM User"',
				},
				{ name: 'Define Below', value: 'fields', description: 'Set the fields in this node' },
			],
		},
		{ ...userNameField, displayOptions: { show: { ...show, userData: ['fields'] } } },
		{
			displayName: 'Display Name',
			name: 'displayName',
			description: 'The name shown to people',
			type: 'string',
			default: '',
			displayOptions: { show: { ...show, userData: ['fields'] } },
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

export interface UserInput {
	name: string;
	owner: string;
	/** The organization came from the item's owner (not the parameter or the credential). */
	ownerFromItem: boolean;
	/** The user fields given, empty ones dropped. */
	fields: IDataObject;
	password?: string;
}

/** How "Define Below" names the fields, for errors. */
const FIELD_LABELS: Record<string, string> = {
	displayName: 'Display Name',
	affiliation: 'Affiliation',
	avatar: 'Avatar URL',
	countryCode: 'Country Code',
	email: 'Email',
	externalId: 'External ID',
	gender: 'Gender',
	groups: 'Groups',
	isForbidden: 'Is Forbidden',
	phone: 'Phone',
	tag: 'Tag',
	title: 'Title',
	id: 'User ID',
};

/** The user described by item i, from the item's JSON or from the node's fields; every field checked before any call. */
export function readUserInput(ctx: IExecuteFunctions, i: number, client: CasdoorClient): UserInput {
	if (ctx.getNodeParameter('userData', i) === 'item') {
		const json = ctx.getInputData()[i].json;
		const name = requireName(json.name, 'name');
		const owner = organizationFor(ctx, i, client, json.owner);
		const fields = validateUserFields(pickUserFields(json)) as IDataObject;
		const ownerFromItem = String(ctx.getNodeParameter('organization', i, '') ?? '').trim() === '' && scalarText(json.owner, 'owner') !== undefined;
		return { name, owner, ownerFromItem, fields, password: typeof json.password === 'string' && json.password ? json.password : undefined };
	}
	const owner = organizationFor(ctx, i, client);
	const name = requireName(ctx.getNodeParameter('userName', i));
	const extra = { ...(ctx.getNodeParameter('additionalFields', i, {}) as IDataObject) };
	const password = typeof extra.password === 'string' && extra.password ? extra.password : undefined;
	delete extra.password;
	const fields = validateUserFields(pickUserFields({ displayName: ctx.getNodeParameter('displayName', i, ''), ...extra }), FIELD_LABELS) as IDataObject;
	// A group name without "organization/" is the user's organization's.
	if (Array.isArray(fields.groups)) fields.groups = (fields.groups as string[]).map((g) => (g.includes('/') ? g : `${owner}/${g}`));
	return { name, owner, ownerFromItem: false, fields, password };
}

/**
 * Run a write for one item. When the item named its own organization, Casdoor's "organization
 * does not exist" is about that item, not the run: the other items go on.
 */
export async function forItem<T>(input: UserInput, write: () => Promise<T>): Promise<T> {
	return await write().catch((error: unknown) => {
		if (input.ownerFromItem && error instanceof DirectoryApiError && /organization/i.test(error.errmsg ?? '') && error.errorClass === 'config') {
			return Promise.reject(error.asItemError().withDetails({ context: { field: 'owner' } }));
		}
		return Promise.reject(error);
	});
}
