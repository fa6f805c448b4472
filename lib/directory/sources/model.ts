/** The neutral directory model shared by every provider. */

export interface SourceDepartment {
	id: number;
	name?: string;
	parentId: number;
	order?: number;
}

export interface TreeDepartment extends SourceDepartment {
	/** Names from the root down to this department, joined with " / ". */
	path: string;
	/** IDs from the root down to this department. */
	pathIds: number[];
	depth: number;
}

/**
 * A department a walk could not read when told to skip such departments:
 * - members: its member listing failed (its sub-departments were read);
 * - subtree: its sub-departments could not be listed, so nothing below it is known;
 * - unknown: a member belongs to it, but it was not in the tree read (below a subtree that
 *   could not be listed).
 */
export interface UnreadableDepartment {
	id: number;
	scope: 'members' | 'subtree' | 'unknown';
	/** Its path ("Acme / R&D"), when the tree read knows it. */
	path?: string;
	/** What failed, redacted. */
	error: string;
}

/**
 * A provider whose whole-directory department listing silently leaves out what the credential
 * may not see: WeCom's department/list returns only the departments inside the app's visible
 * scope, with no error ("只能拉取token对应的应用的权限范围内的部门列表", D90208). The root is
 * then missing from the list, and that is the only sign of a narrowed read.
 */
export interface VisibleScope {
	/** The root department every complete whole-directory listing contains (WeCom: 1). */
	rootId: number;
	/** What narrows the listing, for messages: "the app's visible scope (可见范围)". */
	name: string;
	/** What to change so that the read covers the whole directory. */
	fix: string;
}

/** A top department of a narrowed read: its parent is not in the department list. */
export interface ScopeRoot {
	id: number;
	path: string;
}

/** How a walk reads one provider: departments, members per department, member identity. */
export interface DirectorySource<M> {
	/** Every department below (and including) rootId; the whole directory when omitted. */
	listDepartments(rootId?: number): Promise<SourceDepartment[]>;
	/**
	 * Optional: report departments as they are discovered (DingTalk walks its tree one
	 * `listsub` per department). The walk then fetches each department's members as soon as
	 * it is known instead of after the whole tree, so the two APIs' budgets are used at once.
	 */
	streamDepartments?(
		rootId: number | undefined,
		found: (department: SourceDepartment) => void,
		onChildrenError?: (departmentId: number, error: unknown) => boolean,
	): Promise<void>;
	/** Every member directly in one department, all pages. */
	listMembers(departmentId: number): Promise<M[]>;
	memberId(member: M): string;
	memberDepartments(member: M): number[];
	/** A copy of `member` carrying the merged department list. */
	withDepartments(member: M, departmentIds: number[]): M;
	/**
	 * Combine two listings of the same member found in different departments, when a listing
	 * carries per-department facts beyond the department list (DingTalk's leader flag and
	 * order are for the department listed). Without it the first listing is kept.
	 */
	mergeMember?(known: M, found: M): M;
	/**
	 * True when a listed member names every department it belongs to (WeCom's `department`,
	 * DingTalk's `dept_id_list`): the walk then shapes a member as soon as those departments
	 * are read. Without it every member waits for the end of the walk, since any later list
	 * may still add to it.
	 */
	namesAllDepartments?: boolean;
	/** Parallel calls the walk may keep in flight (the transport enforces the real limits). */
	concurrency: number;
	/**
	 * Whether an error concerns only the department it was met on (its listing kept failing
	 * through every retry, it is outside the app's visible scope, it was deleted meanwhile),
	 * so that a walk told to skip unreadable departments may go on. Credential, permission and
	 * ban errors are never such errors. Without it, no error is skipped.
	 */
	isDepartmentError?(error: unknown): boolean;
	/** The walk failed: stop the calls still waiting or retrying. */
	abort?(error: unknown): void;
	/**
	 * Set when the provider narrows a whole-directory listing without an error (see
	 * VisibleScope). The walk then checks a read without rootId for the root department before
	 * reading any member. Such a source is read tree first (streamDepartments is not used).
	 */
	visibleScope?: VisibleScope;
}
