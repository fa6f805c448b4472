import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NameRule } from '../../lib/directory/iamNames';
import type { DingTalkNameSource, GroupMode, MappingOptions } from '../../lib/directory/mapping';
import { InputValidationError } from '../../lib/transport/errors';

/** The parts of "Map to IAM User" that differ between WeCom and DingTalk. */
interface MapFlavour {
	provider: 'wecom' | 'dingtalk';
	/** What the notice says the mapping does. */
	notice: string;
	/** The credential field that names the source when "Source Name" is empty. */
	credentialType: string;
	credentialIdField: string;
	extraOptions: INodeProperties[];
}

const groupsOption: INodeProperties = {
	displayName: 'Groups',
	name: 'groups',
	type: 'options',
	default: 'none',
	options: [
		{ name: 'None', value: 'none', description: 'Leave the users\' groups alone' },
		{ name: 'By Department ID', value: 'departmentId', description: 'Group "12" for department 12' },
		{
			name: 'By Department Path',
			value: 'departmentPath',
			description: 'Group "Acme > R&D" for the path Acme / R&D (members must come with their department paths)',
		},
	],
	description: 'Put each user in a group per department. Create the groups with Casdoor → Group → Create or Update, using the same choice.',
};

const nameRuleOption: INodeProperties = {
	displayName: 'Name Rule',
	name: 'nameRule',
	type: 'options',
	default: 'sanitize',
	options: [
		{
			name: 'Sanitize',
			value: 'sanitize',
			description: 'Keep valid IDs; make others valid for Casdoor (invalid characters → "-", plus a short hash so names stay unique)',
		},
		{ name: 'Keep', value: 'keep', description: 'Use the ID as it is; Casdoor refuses invalid ones' },
	],
};

export const weComMapFlavour: MapFlavour = {
	provider: 'wecom',
	notice:
		"Turns each input member (from Get, Get Many or Get All in Directory, simplified or raw) into a Casdoor / Hanzo IAM user, following Casdoor's WeCom syncer: userid → name and ID, name → display name, mobile → phone, position → title, disabled / not activated / left → forbidden. Fields WeCom withholds are left out, never blanked. Makes no API call.",
	credentialType: 'weComApi',
	credentialIdField: 'corpId',
	extraOptions: [
		{
			displayName: 'Treat Not Activated as Active',
			name: 'treatNotActivatedAsActive',
			type: 'boolean',
			default: false,
			description: "Whether members invited but not yet activated (status 4) may sign in. Off forbids them, as Casdoor's syncer does.",
		},
	],
};

export const dingTalkMapFlavour: MapFlavour = {
	provider: 'dingtalk',
	notice:
		"Turns each input user (from Get, Get Many or Get All in Directory, simplified or raw) into a Casdoor / Hanzo IAM user, following Casdoor's DingTalk syncer: userid → ID, job number → name (falling back to userid), name → display name, mobile → phone, title → title, not active → forbidden. Empty fields are left out, never blanked. Makes no API call.",
	credentialType: 'dingTalkApi',
	credentialIdField: 'appKey',
	extraOptions: [
		{
			displayName: 'User Name From',
			name: 'nameSource',
			type: 'options',
			default: 'jobNumber',
			options: [
				{ name: 'Job Number', value: 'jobNumber', description: 'As Casdoor documents (falls back to userid when empty)' },
				{ name: 'User ID', value: 'userid' },
				{ name: 'Union ID', value: 'unionid', description: "As Casdoor's syncer does today (falls back to userid)" },
			],
			description: 'Which DingTalk field becomes the IAM user name',
		},
	],
};

export function mapProperties(flavour: MapFlavour): INodeProperties[] {
	return [
		{ displayName: flavour.notice, name: 'mapNotice', type: 'notice', default: '' },
		{
			displayName: 'Organization',
			name: 'organization',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. acme',
			description: 'The Casdoor organization (its name) the users belong to',
		},
		{
			displayName: 'Source Name',
			name: 'sourceName',
			type: 'string',
			default: '',
			placeholder: `e.g. acme-${flavour.provider}`,
			description: `Tags the users with properties.source = "${flavour.provider}:" followed by this name, so Sync Users knows which users it owns. Leave empty to use the credential's ${flavour.provider === 'wecom' ? 'Corp ID' : 'App Key'}.`,
		},
		{
			displayName: 'Options',
			name: 'mapOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [groupsOption, nameRuleOption, ...flavour.extraOptions],
		},
	];
}

interface MapOptions {
	groups?: GroupMode;
	nameRule?: NameRule;
	treatNotActivatedAsActive?: boolean;
	nameSource?: DingTalkNameSource;
}

/** Read the mapping options of item i; the source name falls back to the credential's app ID (a local read, no call). */
export async function readMappingOptions(
	ctx: IExecuteFunctions,
	i: number,
	flavour: MapFlavour,
): Promise<MappingOptions & { nameSource?: DingTalkNameSource }> {
	const organization = String(ctx.getNodeParameter('organization', i, '') ?? '').trim();
	if (!organization) throw new InputValidationError('Organization', 'is required (the Casdoor organization name)');
	let sourceName = String(ctx.getNodeParameter('sourceName', i, '') ?? '').trim();
	if (!sourceName) {
		const credentials = await ctx.getCredentials(flavour.credentialType);
		sourceName = String(credentials[flavour.credentialIdField] ?? '').trim();
	}
	const options = ctx.getNodeParameter('mapOptions', i, {}) as MapOptions;
	return {
		organization,
		sourceName,
		nameRule: options.nameRule ?? 'sanitize',
		treatNotActivatedAsActive: options.treatNotActivatedAsActive ?? false,
		groups: options.groups ?? 'none',
		nameSource: options.nameSource ?? 'jobNumber',
	};
}

/**
 * An incomplete directory read (Get All in Directory, "Skip the Department") marks every
 * member with the departments it could not read; the IAM user carries the mark on, so that
 * Sync Users knows whom it must not remove.
 */
export function carryIncompleteMark(member: IDataObject, user: IDataObject): IDataObject {
	if (Array.isArray(member.unreadableDepartments) && member.unreadableDepartments.length > 0) {
		user.unreadableDepartments = member.unreadableDepartments;
	}
	return user;
}
