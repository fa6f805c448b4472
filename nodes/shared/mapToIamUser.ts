import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NameRule } from '../../lib/directory/mapping/iamNames';
import type { DingTalkNameSource, GroupMode, MappingOptions } from '../../lib/directory/mapping/mapping';
import type { ProviderId } from '../../lib/directory/sources/registry';
import { providerEntry } from '../../lib/directory/sources/registry';
import { InputValidationError } from '../../lib/transport/errors';
import { readRoleNameOptions, roleNamingOption, rolePrefixOption } from './roleOptions';

/**
 * The parts of "Map to IAM User" that differ between providers and are not in the registry
 * (sources/registry.ts: credential, role word, admin flag): the notice, the provider's own
 * options, and where its members carry their tags / roles.
 */
export interface MapFlavour {
	provider: ProviderId;
	/** What the notice says the mapping does. */
	notice: string;
	extraOptions: INodeProperties[];
	/** Where the member's tags / roles come from, for the "Tags / Roles as Roles" description. */
	roleSource: string;
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
			description: 'Group "Head Office > R&D" for the path Head Office / R&D (members must come with their department paths)',
		},
	],
	description: 'Put each user in a group per department. Create the groups with Casdoor → Group → Create or Update, using the same choice.',
};

const nameRuleOption: INodeProperties = {
	displayName: 'Name Rule',
	name: 'nameRule',
	description: 'How a WeCom / DingTalk user ID becomes a Casdoor user name',
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
	roleSource: 'a "tags" list on the member (tag names, or {tagId, tagName} objects, merged in from Tag → Get Members)',
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
	roleSource: 'the member\'s "roles" / "role_list" (from User → Get) or a "roles" list merged in from Role → Get Members',
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

function roleAndAdminOptions(flavour: MapFlavour): INodeProperties[] {
	const entry = providerEntry(flavour.provider);
	const fields = flavour.roleSource;
	return [
		{
			displayName: 'Administrators',
			name: 'administrators',
			type: 'string',
			default: '',
			placeholder: 'e.g. zhangsan, lisi',
			description:
				'Userids of the administrators (comma-separated, or an expression returning a list, e.g. from Administrators → Get Many). Listed users get isAdmin true, everyone else false. Casdoor\'s isAdmin makes a user an administrator of the organization.',
		},
		{
			displayName: 'Admin Flag From Member',
			name: 'adminFromMember',
			type: 'boolean',
			default: false,
			description: `Whether to set isAdmin from the member's own flag: an "isAdmin" field merged into the item${entry.adminFlagField ? `, or ${entry.label}'s "${entry.adminFlagField}"` : ''}. Members without it get false.`,
		},
		{
			displayName: `${entry.roleWord === 'tags' ? 'Tags' : 'Roles'} as Roles`,
			name: 'includeRoles',
			type: 'boolean',
			default: false,
			description: `Whether to add "roles": the IAM roles ("organization/role name") of ${fields}. Casdoor → Role → Sync Roles can take these users as its input.`,
		},
		roleNamingOption,
		rolePrefixOption,
	];
}

/** A list parameter: an array, or text separated by commas, semicolons, "|" or white space. */
function userids(value: unknown, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map((v) => String(v ?? '').trim()).filter((v) => v !== '');
	if (typeof value === 'object') throw new InputValidationError(field, 'must be a list of userids, or userids separated by commas');
	return String(value)
		.split(/[\s,;|]+/)
		.filter((v) => v !== '');
}

export function mapProperties(flavour: MapFlavour): INodeProperties[] {
	return [
		{ displayName: flavour.notice, name: 'mapNotice', type: 'notice', default: '' },
		{
			displayName: 'Organization',
			name: 'organization',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. my-organization',
			description: 'The Casdoor organization (its name) the users belong to',
		},
		{
			displayName: 'Source Name',
			name: 'sourceName',
			type: 'string',
			default: '',
			placeholder: 'e.g. my-company',
			description: `Marks the users with the source marker properties.source = "${flavour.provider}:" + this name, so Sync Users and Sync Roles know which users they own. Leave empty to use the credential's ${providerEntry(flavour.provider).credentialIdLabel}. Changing it later leaves the users synced under the old name unmanaged: they are never updated or removed again.`,
		},
		{
			displayName: 'Options',
			name: 'mapOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [groupsOption, nameRuleOption, ...flavour.extraOptions, ...roleAndAdminOptions(flavour)],
		},
	];
}

interface MapOptions {
	administrators?: unknown;
	adminFromMember?: boolean;
	includeRoles?: boolean;
	roleNaming?: string;
	rolePrefix?: string;
	groups?: GroupMode;
	nameRule?: NameRule;
	treatNotActivatedAsActive?: boolean;
	nameSource?: DingTalkNameSource;
}

type ReadOptions = MappingOptions & { nameSource?: DingTalkNameSource };

/** Whether a parameter's raw value holds an n8n expression ("=…") anywhere: then it may differ per item. */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** The options read once per run, when no mapping parameter is an expression (the usual case). */
const optionsOfRun = new WeakMap<IExecuteFunctions, ReadOptions>();

/**
 * Read the mapping options of item i; the source name falls back to the credential's app ID
 * (a local read, no call). Without an expression in them the options are the same for every
 * item, so they are read once: resolving n8n parameters per item cost about 2.5 KB of
 * garbage and most of the mapping's time per user of a 100k-user directory.
 */
export async function readMappingOptions(ctx: IExecuteFunctions, i: number, flavour: MapFlavour): Promise<ReadOptions> {
	const cached = optionsOfRun.get(ctx);
	if (cached) return cached;
	const options = await readItemOptions(ctx, i, flavour);
	const { organization, sourceName, mapOptions } = ctx.getNode().parameters;
	if (!hasExpression([organization, sourceName, mapOptions])) optionsOfRun.set(ctx, options);
	return options;
}

async function readItemOptions(ctx: IExecuteFunctions, i: number, flavour: MapFlavour): Promise<ReadOptions> {
	const organization = String(ctx.getNodeParameter('organization', i, '') ?? '').trim();
	if (!organization) throw new InputValidationError('Organization', 'is required (the Casdoor organization name)');
	let sourceName = String(ctx.getNodeParameter('sourceName', i, '') ?? '').trim();
	if (!sourceName) {
		const entry = providerEntry(flavour.provider);
		const credentials = await ctx.getCredentials(entry.credentialType);
		sourceName = String(credentials[entry.credentialIdField] ?? '').trim();
	}
	const options = ctx.getNodeParameter('mapOptions', i, {}) as MapOptions;
	const admins = userids(options.administrators, 'Administrators');
	return {
		organization,
		sourceName,
		nameRule: options.nameRule ?? 'sanitize',
		treatNotActivatedAsActive: options.treatNotActivatedAsActive ?? false,
		groups: options.groups ?? 'none',
		nameSource: options.nameSource ?? 'jobNumber',
		roles: options.includeRoles ? readRoleNameOptions(options) : undefined,
		admins: admins.length || options.adminFromMember ? { userids: admins, fromMember: options.adminFromMember === true } : undefined,
	};
}
