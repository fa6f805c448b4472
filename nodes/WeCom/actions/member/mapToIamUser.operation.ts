import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { GroupMode, MappingOptions } from '../../../../lib/directory/mapping';
import { toIamUserFromWeCom } from '../../../../lib/directory/mapping';
import type { NameRule } from '../../../../lib/directory/iamNames';
import { InputValidationError } from '../../../../lib/transport/errors';

/** Mapping is local: no WeCom call, so the router builds no client for it. */
export const needsClient = false;

const properties: INodeProperties[] = [
	{
		displayName:
			'Turns each input member (from Get, Get Many or Get All in Directory, simplified or raw) into a Casdoor / Hanzo IAM user, following Casdoor\'s WeCom syncer: userid → name and ID, name → display name, mobile → phone, position → title, disabled / not activated / left → forbidden. Fields WeCom withholds are left out, never blanked. Makes no API call.',
		name: 'mapNotice',
		type: 'notice',
		default: '',
	},
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
		placeholder: 'e.g. acme-wecom',
		description:
			'Tags the users with properties.source = "wecom:" followed by this name, so Sync Users knows which users it owns. Leave empty to use the Corp ID of the credential.',
	},
	{
		displayName: 'Options',
		name: 'mapOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
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
			},
			{
				displayName: 'Name Rule',
				name: 'nameRule',
				type: 'options',
				default: 'sanitize',
				options: [
					{
						name: 'Sanitize',
						value: 'sanitize',
						description:
							'Keep valid userids; make others valid for Casdoor (invalid characters → "-", plus a short hash so names stay unique)',
					},
					{ name: 'Keep', value: 'keep', description: 'Use the userid as it is; Casdoor refuses invalid ones' },
				],
			},
			{
				displayName: 'Treat Not Activated as Active',
				name: 'treatNotActivatedAsActive',
				type: 'boolean',
				default: false,
				description: 'Whether members invited but not yet activated (status 4) may sign in. Off forbids them, as Casdoor\'s syncer does.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['mapToIamUser'] } },
	properties,
);

interface MapOptions {
	groups?: GroupMode;
	nameRule?: NameRule;
	treatNotActivatedAsActive?: boolean;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const organization = String(this.getNodeParameter('organization', i, '') ?? '').trim();
	if (!organization) throw new InputValidationError('Organization', 'is required (the Casdoor organization name)');
	let sourceName = String(this.getNodeParameter('sourceName', i, '') ?? '').trim();
	if (!sourceName) {
		// Reading the credential is local (no call): its Corp ID names the source.
		const credentials = await this.getCredentials('weComApi');
		sourceName = String(credentials.corpId ?? '').trim();
	}
	const options = this.getNodeParameter('mapOptions', i, {}) as MapOptions;
	const mapping: MappingOptions = {
		organization,
		sourceName,
		nameRule: options.nameRule ?? 'sanitize',
		treatNotActivatedAsActive: options.treatNotActivatedAsActive ?? false,
		groups: options.groups ?? 'none',
	};
	return toIamUserFromWeCom(this.getInputData()[i].json, mapping) as unknown as IDataObject;
}
