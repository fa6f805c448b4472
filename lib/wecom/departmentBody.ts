import { InputValidationError } from '../transport/errors';
import type { WeComDepartmentWrite } from './types';
import { optionalDepartmentName, optionalNewDepartmentId, optionalOrder, requireDepartmentId, requireDepartmentName } from './validate';

/** A department as the node describes it, before validation (docs/api-notes.md, WeCom §2 field rules). */
export interface DepartmentInput {
	id?: unknown;
	name?: unknown;
	nameEn?: unknown;
	parentId?: unknown;
	order?: unknown;
}

function drop<T extends object>(body: T): T {
	for (const key of Object.keys(body) as Array<keyof T>) if (body[key] === undefined) delete body[key];
	return body;
}

/** department/create: name and parent required; an ID of your own is optional (WeCom assigns one). */
export function departmentCreateBody(input: DepartmentInput): WeComDepartmentWrite {
	return drop({
		name: requireDepartmentName(input.name),
		name_en: optionalDepartmentName(input.nameEn, 'English Name'),
		parentid: requireDepartmentId(input.parentId, 'Parent Department'),
		order: optionalOrder(input.order, 'Order'),
		id: optionalNewDepartmentId(input.id),
	});
}

/** department/update: only the fields given change, so at least one must be given. */
export function departmentUpdateBody(input: DepartmentInput): WeComDepartmentWrite {
	const body = drop({
		id: requireDepartmentId(input.id, 'Department'),
		name: optionalDepartmentName(input.name, 'Name'),
		name_en: optionalDepartmentName(input.nameEn, 'English Name'),
		parentid: input.parentId === undefined || input.parentId === '' ? undefined : requireDepartmentId(input.parentId, 'Parent Department'),
		order: optionalOrder(input.order, 'Order'),
	});
	if (Object.keys(body).length === 1) throw new InputValidationError('Update Fields', 'choose at least one field to change');
	if (body.parentid === body.id) throw new InputValidationError('Parent Department', 'a department cannot be its own parent');
	return body;
}
