import { InputValidationError } from '../../transport/errors';
import type { TreeDepartment } from '../model';

/**
 * Departments as HR input names them — an ID ("12") or a path ("Sales / East") — resolved
 * against the one department list the sync read. A path is either the full path the read
 * writes ("Acme / Sales / East") or a path below the top department ("Sales / East"). A path
 * no department has is, when the sync may create departments, planned as the missing tail
 * below its deepest existing ancestor and created in Apply only (WriteDepartments).
 */

/** A department named in the input. */
export type DepartmentName = { id: number } | { path: string };

/** A resolved department: an existing ID, or the full path of one to be created. */
export type ResolvedDepartment = number | string;

/** Text separating departments in one field: ";", "," , "|" or a new line ("/" separates path levels). */
const SEPARATORS = /[;,|\n]+/;

const ILLEGAL_NAME = /[\\:*?"<>|]/;

/** Normalizes "Sales/East " to "Sales / East". */
export function normalizePath(path: string): string {
	return path
		.split('/')
		.map((s) => s.trim())
		.filter((s) => s !== '')
		.join(' / ');
}

/** A departments field: an array, or text separated by ; , | or new lines. Digits are IDs, anything else a path. */
export function parseDepartmentNames(value: unknown, field: string): DepartmentName[] {
	if (value === undefined || value === null || value === '') return [];
	let raw: unknown[];
	if (Array.isArray(value)) raw = value;
	else if (typeof value === 'number') raw = [value];
	else if (typeof value === 'string') raw = value.split(SEPARATORS);
	else throw new InputValidationError(field, 'must be department IDs or paths separated by ";" (e.g. "12; Sales / East"), or a list');
	const out: DepartmentName[] = [];
	for (const entry of raw) {
		if (entry === null || entry === undefined) continue;
		if (typeof entry === 'object' || typeof entry === 'boolean') {
			throw new InputValidationError(field, 'each department must be an ID or a path such as "Sales / East"');
		}
		const text = String(entry).trim();
		if (text === '') continue;
		if (/^[0-9]+$/.test(text)) {
			const id = Number(text);
			if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 32 - 1) throw new InputValidationError(field, `"${text}" is not a department ID`);
			out.push({ id });
			continue;
		}
		const path = normalizePath(text);
		if (path === '') throw new InputValidationError(field, `"${text}" is not a department path (names joined with " / ", e.g. "Sales / East")`);
		for (const name of path.split(' / ')) {
			if ([...name].length > 64) throw new InputValidationError(field, `the department name "${name}" is longer than 64 characters`);
			if (ILLEGAL_NAME.test(name)) throw new InputValidationError(field, `the department name "${name}" may not contain any of \\ : * ? " < > |`);
		}
		out.push({ path });
	}
	const keys = out.map((d) => ('id' in d ? `#${d.id}` : d.path));
	if (new Set(keys).size !== keys.length) throw new InputValidationError(field, 'names the same department twice');
	return out;
}

/** A department the sync will create: its full path, its parent (an existing ID or another planned path) and its name. */
export interface PlannedDepartment {
	path: string;
	parent: ResolvedDepartment;
	name: string;
}

/**
 * Resolves department names against the tree read. `inScope` says whether an existing
 * department lies inside the managed departments; a department to be created is in scope
 * when its deepest existing ancestor is.
 */
export class DepartmentDirectory {
	private readonly byPath = new Map<string, TreeDepartment[]>();
	private readonly tops: TreeDepartment[];
	/** Departments to create, by full path, parents before children. */
	readonly planned = new Map<string, PlannedDepartment>();

	constructor(
		readonly tree: ReadonlyMap<number, TreeDepartment>,
		private readonly inScope: (id: number) => boolean,
		private readonly createMissing: boolean,
	) {
		for (const d of tree.values()) {
			const list = this.byPath.get(d.path) ?? [];
			list.push(d);
			this.byPath.set(d.path, list);
		}
		this.tops = [...tree.values()].filter((d) => d.depth === 0);
	}

	/** The existing departments a normalized path names: the full path, or the path below a top department. */
	private find(path: string): TreeDepartment[] {
		const exact = this.byPath.get(path);
		if (exact?.length) return exact;
		const below: TreeDepartment[] = [];
		for (const top of this.tops) below.push(...(this.byPath.get(`${top.path} / ${path}`) ?? []));
		return below;
	}

	/** The full path a new department gets: below the top department unless the path already starts with it. */
	private fullPath(path: string): string {
		const first = path.split(' / ')[0];
		const top = this.tops.length === 1 ? this.tops[0] : undefined;
		if (!top || top.path === first) return path;
		return `${top.path} / ${path}`;
	}

	/** One department, or an error naming the field and the rule. */
	resolve(name: DepartmentName, field: string): ResolvedDepartment {
		if ('id' in name) {
			if (!this.tree.has(name.id)) throw new InputValidationError(field, `department ${name.id} does not exist (not in the department list read)`);
			if (!this.inScope(name.id)) {
				throw new InputValidationError(field, `department ${name.id} (${this.tree.get(name.id)!.path}) is outside the Managed Departments`);
			}
			return name.id;
		}
		const found = this.find(name.path);
		if (found.length > 1) {
			throw new InputValidationError(field, `the path "${name.path}" names ${found.length} departments (IDs ${found.map((d) => d.id).join(', ')}); use the ID or the full path`);
		}
		if (found.length === 1) {
			const d = found[0];
			if (!this.inScope(d.id)) throw new InputValidationError(field, `department "${d.path}" (ID ${d.id}) is outside the Managed Departments`);
			return d.id;
		}
		if (!this.createMissing) {
			throw new InputValidationError(
				field,
				`no department has the path "${name.path}" (paths are department names from the top joined with " / "); check the name, or turn on "Create Missing Departments"`,
			);
		}
		return this.plan(this.fullPath(name.path), field);
	}

	/** Plan the missing tail of `path` below its deepest existing ancestor. */
	private plan(path: string, field: string): string {
		if (this.planned.has(path)) return path;
		const parts = path.split(' / ');
		if (parts.length < 2) throw new InputValidationError(field, `cannot create the top-level department "${path}": name a path below an existing department`);
		const parentPath = parts.slice(0, -1).join(' / ');
		const existing = this.find(parentPath);
		if (existing.length > 1) throw new InputValidationError(field, `the path "${parentPath}" names ${existing.length} departments; use a unique path`);
		let parent: ResolvedDepartment;
		if (existing.length === 1) {
			if (!this.inScope(existing[0].id)) {
				throw new InputValidationError(field, `the new department "${path}" would be below "${existing[0].path}", which is outside the Managed Departments`);
			}
			parent = existing[0].id;
		} else {
			parent = this.plan(parentPath, field);
		}
		this.planned.set(path, { path, parent, name: parts[parts.length - 1] });
		return path;
	}

	/** The planned departments a set of resolved departments needs (with their planned ancestors). */
	needed(departments: readonly ResolvedDepartment[]): string[] {
		const out: string[] = [];
		for (const d of departments) {
			let cur: ResolvedDepartment | undefined = d;
			while (typeof cur === 'string' && !out.includes(cur)) {
				out.push(cur);
				cur = this.planned.get(cur)?.parent;
			}
		}
		return out;
	}
}

/**
 * Creates planned departments on demand, each once (parents first), however many member
 * writes need it at the same time. `create` makes one department and answers its ID.
 */
export class DepartmentCreator {
	private readonly made = new Map<string, Promise<number>>();
	/** The departments created so far, for the summary. */
	readonly created: Array<{ id: number; path: string }> = [];

	constructor(
		private readonly directory: DepartmentDirectory,
		private readonly create: (name: string, parentId: number) => Promise<number>,
	) {}

	async id(department: ResolvedDepartment): Promise<number> {
		if (typeof department === 'number') return department;
		let pending = this.made.get(department);
		if (!pending) {
			const planned = this.directory.planned.get(department);
			if (!planned) throw new Error(`department "${department}" was not planned`);
			pending = (async () => {
				const parentId = await this.id(planned.parent);
				const id = await this.create(planned.name, parentId);
				this.created.push({ id, path: planned.path });
				return id;
			})();
			// A failed creation may be retried by the next member that needs it.
			void pending.catch(() => this.made.delete(department));
			this.made.set(department, pending);
		}
		return await pending;
	}

	async ids(departments: readonly ResolvedDepartment[]): Promise<number[]> {
		const out: number[] = [];
		for (const d of departments) out.push(await this.id(d));
		return out;
	}
}
