import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Casdoor (and Hanzo IAM) with an application's client credentials. Casdoor treats an
 * application subject as a global admin, so these can manage users and groups
 * (docs/api-notes.md, Casdoor). The nodes send the pair as HTTP Basic, which keeps the secret out
 * of URLs.
 */
export class CasdoorApi implements ICredentialType {
	name = 'casdoorApi';

	displayName = 'Casdoor / Hanzo IAM API';

	icon: Icon = { light: 'file:../icons/casdoor.svg', dark: 'file:../icons/casdoor.dark.svg' };

	documentationUrl = 'https://casdoor.org/docs/basic/public-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint URL',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://door.example.com',
			description: 'The root address of the Casdoor server, without /api',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: "An application's Client ID: Casdoor → Applications → your application",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The same application's Client Secret",
		},
		{
			displayName: 'Default Organization',
			name: 'organization',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-organization',
			description: "The organization's name (not its display name), used when a node does not name one",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1, maxValue: 300 },
			description: 'How long to wait for one answer before retrying it',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.clientId}}', password: '={{$credentials.clientSecret}}' },
		},
	};

	// Casdoor answers HTTP 200 even when it refuses, so the rules read the body. A wrong
	// Basic pair is ignored (the call runs anonymously) and answers "Unauthorized operation".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.endpoint.replace(/\\/+$/, "").replace(/\\/api$/, "")}}',
			url: '/api/get-organization',
			method: 'GET',
			qs: { id: '={{"admin/" + $credentials.organization}}' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message:
						'Casdoor refused the request. Check the Client ID and Client Secret (copy them from the application\'s page in Casdoor); a wrong pair is answered "Unauthorized operation".',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: null,
					message: 'The Default Organization does not exist in Casdoor. Use its name (as in its URL), not its display name.',
				},
			},
		],
	};
}
