import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Any SCIM 2.0 service provider (RFC 7644): a base URL and a bearer token, or a user and
 * password for servers that use HTTP Basic. The node sends the same header itself; this
 * `authenticate` serves Test connection and the HTTP Request node.
 */
export class ScimApi implements ICredentialType {
	name = 'scimApi';

	displayName = 'SCIM 2.0 API';

	icon: Icon = { light: 'file:../icons/scim.svg', dark: 'file:../icons/scim.dark.svg' };

	documentationUrl = 'https://datatracker.ietf.org/doc/html/rfc7644#section-2';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://idp.example.com/scim/v2',
			description: 'The SCIM address your identity provider shows for provisioning: the one /Users and /Groups are under',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			description: 'How n8n signs in to the SCIM server',
			type: 'options',
			default: 'bearerToken',
			options: [
				{ name: 'Bearer Token', value: 'bearerToken', description: 'A SCIM or API token (most identity providers)' },
				{ name: 'User and Password', value: 'basicAuth', description: 'HTTP Basic, for servers that use it' },
			],
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['bearerToken'] } },
			description: "The SCIM token from the identity provider's provisioning settings; it needs the right to manage users and groups",
		},
		{
			displayName: 'User',
			name: 'user',
			description: 'The user name for HTTP Basic authentication',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			description: 'The password for HTTP Basic authentication',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const header =
			credentials.authentication === 'basicAuth'
				? `Basic ${Buffer.from(`${String(credentials.user ?? '')}:${String(credentials.password ?? '')}`, 'utf8').toString('base64')}`
				: `Bearer ${String(credentials.token ?? '')}`;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: header } };
	}

	// /ServiceProviderConfig may be served without authentication (RFC 7644 §4), so it proves
	// nothing about the token: ask for one user instead, which needs the right to read users.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/(Users|Groups|ServiceProviderConfig)$/i, "")}}',
			url: '/Users',
			method: 'GET',
			qs: { startIndex: 1, count: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The SCIM server refused the credential (401). Check the token, or the user and password: copy a fresh SCIM token from the identity provider\'s provisioning settings; many expire.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The credential is valid but may not read users (403). Give the token the right to manage users and groups.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No SCIM API at this Base URL (404). Use the address /Users is under, such as https://idp.example.com/scim/v2.',
				},
			},
		],
	};
}
