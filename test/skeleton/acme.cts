// The skeleton provider "Acme": a directory provider that lives only in the tests, built the
// way docs/architecture.md ("Add a provider") says, against the BUILT package's types. The
// test compiles it with tsc (strict) before running it, so a change to the provider or
// target interfaces that would break a new provider breaks this file. It is not shipped.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import type { MappedFields, MappingOptions } from '../../dist/lib/directory/mapping/mapping';
import { toIamUser } from '../../dist/lib/directory/mapping/mapping';
import type { IamUser } from '../../dist/lib/directory/mapping/iamUser';
import type { DirectorySource, SourceDepartment } from '../../dist/lib/directory/sources/model';
import type { ProviderEntry } from '../../dist/lib/directory/sources/registry';
import { registerProvider } from '../../dist/lib/directory/sources/registry';
import { walkDirectory } from '../../dist/lib/directory/sources/walk';
import { carryReadMarks } from '../../dist/nodes/shared/descriptions';
import { directoryReadItems } from '../../dist/nodes/shared/directoryRead';
import type { MapFlavour } from '../../dist/nodes/shared/mapToIamUser';
import { mapProperties, readMappingOptions } from '../../dist/nodes/shared/mapToIamUser';

// The provider's ID joins ProviderId: every Record<ProviderId, …> and the registry now ask for it.
declare module '../../dist/lib/directory/sources/registry' {
	interface ProviderRegistry {
		acme: ProviderEntry;
	}
}

/** Acme's registry entry (Acme has no Casdoor login column, so no binding field). */
export const ACME: ProviderEntry = {
	label: 'Acme',
	roleIdPrefix: 'acme-group',
	roleFields: ['groups'],
	roleItemIdFields: ['groupId'],
	roleOrigin: 'Acme group',
	roleWord: 'roles',
	credentialType: 'acmeApi',
	credentialIdField: 'tenant',
	credentialIdLabel: 'Tenant',
};

// The one registration line.
registerProvider('acme', ACME);

/** A member as Acme's API sends it. */
export interface AcmeMember {
	id: string;
	name: string;
	email?: string;
	active?: boolean;
	departments: number[];
	groups?: Array<{ id: string; name: string }>;
}

/** The provider's API client: a token, then bearer calls (through n8n's HTTP helper, as product code must). */
export interface AcmeClient {
	get<T>(path: string): Promise<T>;
}

export function acmeClient(ctx: IExecuteFunctions, baseUrl: string, key: string, secret: string): AcmeClient {
	let token: Promise<string> | undefined;
	const fetchToken = async () => {
		const answer = (await ctx.helpers.httpRequest({ method: 'GET', url: `${baseUrl}/v1/token`, qs: { key, secret }, json: true })) as { token: string };
		return answer.token;
	};
	return {
		async get<T>(path: string): Promise<T> {
			token ??= fetchToken();
			const headers = { authorization: `Bearer ${await token}` };
			return (await ctx.helpers.httpRequest({ method: 'GET', url: `${baseUrl}/v1/${path}`, headers, json: true })) as T;
		},
	};
}

/** How the shared directory walk reads Acme. */
export function acmeSource(client: AcmeClient): DirectorySource<AcmeMember> {
	return {
		listDepartments: async () => (await client.get<{ departments: SourceDepartment[] }>('departments')).departments,
		listMembers: async (departmentId) => (await client.get<{ members: AcmeMember[] }>(`departments/${departmentId}/members`)).members,
		memberId: (member) => member.id,
		memberDepartments: (member) => member.departments,
		withDepartments: (member, departments) => ({ ...member, departments }),
		concurrency: 2,
	};
}

/** Acme's field table: what its member says, in the shared mapping's terms. */
export function toIamUserFromAcme(member: IDataObject, options: MappingOptions): IamUser {
	const departments = Array.isArray(member.departments) ? (member.departments as unknown[]) : [];
	const fields: MappedFields = {
		sourceId: String(member.id),
		rawName: String(member.id),
		displayName: typeof member.name === 'string' ? member.name : undefined,
		email: typeof member.email === 'string' ? member.email : undefined,
		isForbidden: typeof member.active === 'boolean' ? !member.active : undefined,
		departments: departments.map((id) => ({ id: String(id) })),
	};
	return toIamUser('acme', fields, options, member);
}

const acmeMapFlavour: MapFlavour = {
	provider: 'acme',
	notice: 'Turns each Acme member into a Casdoor / Hanzo IAM user.',
	extraOptions: [],
	roleSource: 'the member\'s "groups"',
};

/** The Acme node: Get All in Directory and Map to IAM User, built from the package's shared node parts. */
export class Acme implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Acme',
		name: 'acme',
		group: ['input'],
		version: 1,
		description: 'The skeleton provider of the tests',
		defaults: { name: 'Acme' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getAllInDirectory',
				options: [
					{ name: 'Get All in Directory', value: 'getAllInDirectory' },
					{ name: 'Map to IAM User', value: 'mapToIamUser' },
				],
			},
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Key', name: 'key', type: 'string', default: '' },
			{ displayName: 'Secret', name: 'secret', type: 'string', typeOptions: { password: true }, default: '' },
			...mapProperties(acmeMapFlavour).map((p) => ({ ...p, displayOptions: { show: { operation: ['mapToIamUser'] } } })),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNodeParameter('operation', 0) === 'getAllInDirectory') {
			const client = acmeClient(this, String(this.getNodeParameter('baseUrl', 0)), String(this.getNodeParameter('key', 0)), String(this.getNodeParameter('secret', 0)));
			const source = acmeSource(client);
			const walked = await walkDirectory(source, { shape: (m) => ({ ...m }) as unknown as IDataObject });
			const read = directoryReadItems('acme', walked, { limit: undefined, scope: undefined });
			return [read.map((json) => ({ json, pairedItem: { item: 0 } }))];
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const options = await readMappingOptions(this, i, acmeMapFlavour);
			const member = items[i].json;
			out.push({ json: carryReadMarks(member, toIamUserFromAcme(member, options) as unknown as IDataObject), pairedItem: { item: i } });
		}
		return [out];
	}
}
