import type { DingTalkClient } from '../../dingtalk/client';
import { omitKeys } from '../../objects';
import { DirectoryApiError } from '../../transport/errors';
import type { DeptFlag, DeptOrder, DingTalkLanguage, DingTalkUser } from '../../dingtalk/types';
import type { DirectorySource } from './model';

/**
 * A v2/user/list record with its department-specific facts (the leader flag and order are
 * for the department listed) moved into the per-department lists v2/user/get uses, so a
 * user found in several departments keeps them all.
 */
export function perDepartment(user: DingTalkUser, deptId: number): DingTalkUser {
	const out = omitKeys(user, ['leader', 'dept_order']);
	out.leader_in_dept = [{ dept_id: deptId, leader: user.leader === true }];
	out.dept_order_list = [{ dept_id: deptId, order: Number(user.dept_order ?? 0) }];
	return out;
}

function union<T extends { dept_id: number }>(a: T[] | undefined, b: T[] | undefined): T[] {
	const out = [...(a ?? [])];
	for (const entry of b ?? []) if (!out.some((e) => e.dept_id === entry.dept_id)) out.push(entry);
	return out;
}

/**
 * DingTalk as a walkable directory: the department tree by breadth-first listsub from the
 * root (or a subtree), then v2/user/list per department, every page. Full records come from
 * the listing itself: no per-user v2/user/get.
 */
export function dingTalkSource(client: DingTalkClient, language?: DingTalkLanguage): DirectorySource<DingTalkUser> {
	return {
		concurrency: client.transport.concurrency,
		async listDepartments(rootId) {
			const departments = await client.walkDepartments(rootId ?? 1, language);
			return departments.map((d) => ({ id: d.dept_id, name: d.name, parentId: d.parent_id ?? 0 }));
		},
		// Members of a department are fetched the moment listsub reveals it (see walk.ts).
		async streamDepartments(rootId, found, onChildrenError) {
			await client.walkDepartments(
				rootId ?? 1,
				language,
				(d) => found({ id: d.dept_id, name: d.name, parentId: d.parent_id ?? 0 }),
				onChildrenError,
			);
		},
		// Retries exhausted, a refusal about this department, or the department outside the
		// app's contacts scope (50004) or gone (60003); never a credential, permission or ban error.
		isDepartmentError: (error) =>
			error instanceof DirectoryApiError &&
			(error.errorClass === 'transient' || error.errorClass === 'item' || error.errcode === 50004 || error.errcode === 60003),
		abort: (error) => {
			if (error instanceof DirectoryApiError) client.transport.abort(error);
		},
		async listMembers(departmentId) {
			const users = await client.listUsers(departmentId, { language });
			return users.map((u) => perDepartment(u, departmentId));
		},
		memberId: (u) => u.userid,
		// v2/user/list gives each user's whole dept_id_list.
		namesAllDepartments: true,
		memberDepartments: (u) => u.dept_id_list ?? [],
		withDepartments: (u, ids) => ({ ...u, dept_id_list: ids }),
		mergeMember: (known, found) => ({
			...known,
			leader_in_dept: union<DeptFlag>(known.leader_in_dept, found.leader_in_dept),
			dept_order_list: union<DeptOrder>(known.dept_order_list, found.dept_order_list),
		}),
	};
}
