import { DirectoryApiError, InputValidationError } from '../../transport/errors';
import { nationalDigits } from '../userDiff';
import type { DepartmentDirectory, DepartmentName, ResolvedDepartment } from './departments';
import type { DesiredMember, MemberRow } from './rules';

/** Field labels as the node shows them, for error messages. */
export const LABELS = {
	departments: 'Departments',
	leaderOf: 'Leader Of Departments',
	mainDepartment: 'Main Department',
} as const;

function sameDepartment(a: ResolvedDepartment, b: ResolvedDepartment): boolean {
	return a === b;
}

/**
 * A validated row with its departments resolved against the department list read. `exists`:
 * the member is in the directory (an update needs no departments; a create does).
 * `createNeeds` checks what the provider's create requires beyond a name and departments.
 */
export function resolveRow(
	row: MemberRow,
	directory: DepartmentDirectory,
	exists: boolean,
	options: { createNeeds?: (row: MemberRow) => void; hasEnable: boolean },
): DesiredMember {
	const resolve = (names: DepartmentName[], field: string) => names.map((n) => directory.resolve(n, field));
	const desired: DesiredMember = { userid: row.userid, name: row.name, fields: row.fields };
	if (row.departments && row.departments.length > 0) desired.departments = resolve(row.departments, LABELS.departments);
	if (!exists) {
		if (!desired.departments) {
			throw new InputValidationError(LABELS.departments, 'is required to add a new member (department IDs or paths such as "Sales / East")');
		}
		options.createNeeds?.(row);
	}
	const inDepartments = (d: ResolvedDepartment, field: string) => {
		if (desired.departments && !desired.departments.some((x) => sameDepartment(x, d))) {
			throw new InputValidationError(field, `department ${String(d)} must be one of the member's Departments`);
		}
	};
	if (row.leaderOf) {
		if (!desired.departments && row.leaderOf.length > 0) throw new InputValidationError(LABELS.leaderOf, 'needs Departments mapped too (the leader flags are per department)');
		desired.leaderOf = resolve(row.leaderOf, LABELS.leaderOf);
		for (const d of desired.leaderOf) inDepartments(d, LABELS.leaderOf);
	}
	if (row.mainDepartment) {
		if (!desired.departments) throw new InputValidationError(LABELS.mainDepartment, 'needs Departments mapped too');
		desired.mainDepartment = directory.resolve(row.mainDepartment, LABELS.mainDepartment);
		inDepartments(desired.mainDepartment, LABELS.mainDepartment);
	}
	if (options.hasEnable) desired.enable = row.enabled === false ? 0 : 1;
	return desired;
}

/** Who holds a mobile number, e-mail or telephone among the members read: answers a conflict without another call. */
export class HolderIndex {
	private readonly byValue = new Map<string, string>();

	add(kind: 'mobile' | 'email' | 'telephone', value: unknown, userid: string): void {
		const key = this.key(kind, value);
		if (key !== undefined) this.byValue.set(key, userid);
	}

	holder(kind: 'mobile' | 'email' | 'telephone', value: unknown): string | undefined {
		const key = this.key(kind, value);
		return key === undefined ? undefined : this.byValue.get(key);
	}

	private key(kind: string, value: unknown): string | undefined {
		if (typeof value !== 'string' || value.trim() === '') return undefined;
		const text = value.trim();
		const normal = kind === 'email' ? text.toLowerCase() : kind === 'mobile' ? (nationalDigits(text) ?? text) : text;
		return `${kind}:${normal}`;
	}
}

/** The conflict error, naming the member that holds the value. */
export function nameHolder(error: unknown, what: string, value: string, holder: string | undefined, self: string): unknown {
	if (!(error instanceof DirectoryApiError) || holder === undefined || holder === self) return error;
	return error.withDetails({
		hint: `The ${what} ${value} is already used by member "${holder}". Give "${self}" another ${what} in the input, or update or remove "${holder}" first.`,
		context: { heldBy: holder },
	});
}

/** n8n's type check of a mapped value failed ("Invalid input for 'enabled' [item 3]"): the row's field, as a validation error. */
export function mappingError(error: unknown, fields: ReadonlyArray<{ id: string; displayName: string }>): InputValidationError {
	const message = error instanceof Error ? error.message : String(error);
	const id = /'([^']+)'/.exec(message)?.[1] ?? 'Columns';
	const label = fields.find((f) => f.id === id)?.displayName ?? id;
	const description = (error as { description?: unknown }).description;
	return new InputValidationError(label, typeof description === 'string' && description ? description : message);
}
