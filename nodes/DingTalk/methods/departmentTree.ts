import { buildTree, sortTree } from '../../../lib/directory/sources/tree';
import type { TreeDepartment } from '../../../lib/directory/sources/model';
import type { DingTalkClient } from '../../../lib/dingtalk/client';

/**
 * The pickers need the whole tree, which DingTalk only gives one listsub per department.
 * Typing in a picker asks again on every keystroke, so the tree is kept for a minute per app.
 */
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; departments: Promise<TreeDepartment[]> }>();

export async function departmentTree(client: DingTalkClient): Promise<TreeDepartment[]> {
	const key = `${client.credentials.baseUrl}|${client.credentials.appKey}`;
	const hit = cache.get(key);
	if (hit && Date.now() - hit.at < TTL_MS) return await hit.departments;
	const departments = client.walkDepartments().then((list) =>
		sortTree(buildTree(list.map((d) => ({ id: d.dept_id, name: d.name, parentId: d.parent_id ?? 0 })))),
	);
	cache.set(key, { at: Date.now(), departments });
	// A failed walk is not cached: the next keystroke tries again.
	departments.catch(() => cache.delete(key));
	return await departments;
}
