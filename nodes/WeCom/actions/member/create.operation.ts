import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DirectoryApiError } from '../../../../lib/transport/errors';
import type { WeComClient } from '../../../../lib/wecom/client';
import { memberCreateBody } from '../../../../lib/wecom/memberBody';
import type { IfDepartmentMissing, IfMemberExists } from '../../../../lib/wecom/memberWrites';
import { createMember, missingDepartmentsWarning, unknownDepartments } from '../../../../lib/wecom/memberWrites';
import { shapeMember } from '../../helpers/shapeMember';
import { createMobileEmail, departmentsField, ifDepartmentMissingField, memberFields, readMember } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Writing members needs the contacts-sync secret (Management Tools → Contacts Sync, "API editing" on) in the credential.',
		name: 'writeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description:
			'The new member\'s userid: 1 to 64 letters, digits and _-@. starting with a letter or digit. Unique ignoring letter case; cannot be changed later.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'The member\'s name, 1 to 64 characters',
	},
	...createMobileEmail,
	departmentsField,
	ifDepartmentMissingField,
	{
		displayName: 'If the Member Already Exists',
		name: 'ifExists',
		type: 'options',
		default: 'fail',
		description: 'What to do when WeCom says the userid is taken (60102), e.g. when an onboarding workflow runs again',
		options: [
			{ name: 'Fail the Item', value: 'fail', description: 'Report it as an error for this item' },
			{ name: 'Update It Instead', value: 'update', description: 'Update the existing member with these fields' },
			{ name: 'Skip', value: 'skip', description: 'Leave the existing member as it is and return it' },
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: memberFields('create'),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['create'] } }, properties);

/** Items run several at once within the transport's pool (see runPerItemConcurrent). */
export const concurrent = true;

const IF_EXISTS_HINT =
	' To make re-runs of the workflow safe, set "If the Member Already Exists" to "Update It Instead" or "Skip".';

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const body = memberCreateBody(readMember(this, i, 'create'));
	const ifExists = this.getNodeParameter('ifExists', i) as IfMemberExists;
	const ifMissing = this.getNodeParameter('ifDepartmentMissing', i, 'fail') as IfDepartmentMissing;
	const missing = await unknownDepartments(client, body.department, ifMissing);
	let outcome: Awaited<ReturnType<typeof createMember>> | undefined;
	let failure: unknown;
	try {
		outcome = await createMember(client, body, ifExists);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof DirectoryApiError && failure.errcode === 60102 && ifExists === 'fail') {
		throw failure.withDetails({ hint: `${failure.hint ?? ''}${IF_EXISTS_HINT}` });
	}
	if (!outcome) throw failure;

	const result: IDataObject = { userid: body.userid, name: body.name, action: outcome.action };
	if (outcome.existing) result.existing = shapeMember(outcome.existing, 'simplified');
	if (outcome.createdDepartments.length) result.createdDepartments = outcome.createdDepartments;
	// A skipped member was not written: its departments were not applied, nothing to warn about.
	const applied = outcome.action !== 'skipped';
	if (applied && missing.length) result.missingDepartments = missing;
	const departmentWarning = applied
		? missingDepartmentsWarning(outcome.action === 'created' ? 'create' : 'update', missing, outcome.createdDepartments)
		: undefined;
	const warnings = [...(departmentWarning ? [departmentWarning] : []), ...outcome.notes];
	if (warnings.length) result.warning = warnings.join(' ');
	return result;
}
