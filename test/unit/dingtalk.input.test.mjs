// Input rules checked before any call (dingtalk-api.md §2–3): the error names the field.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { buildCreateUser, buildUpdateUser } = require('../../dist/lib/dingtalk/userInput.js');
const { buildCreateDepartment, buildUpdateDepartment } = require('../../dist/lib/dingtalk/departmentInput.js');
const { requireMobile, requireUserId, requireDepartmentIds } = require('../../dist/lib/dingtalk/validate.js');

const fails = (fn, field) => assert.throws(fn, (e) => e.name === 'InputValidationError' && e.field === field, `expected an error on "${field}"`);
const base = { name: 'Zhang San', mobile: '13800000000', departmentIds: [2, '3'] };

test('create: name, mobile and departments are required', () => {
	fails(() => buildCreateUser({ ...base, name: '' }), 'Name');
	fails(() => buildCreateUser({ ...base, mobile: undefined }), 'Mobile');
	fails(() => buildCreateUser({ ...base, departmentIds: [] }), 'Departments');
	fails(() => buildCreateUser({ ...base, name: 'x'.repeat(81) }), 'Name');
});

test('create: departments become a comma-separated string, at most 100, deduplicated', () => {
	assert.equal(buildCreateUser(base).dept_id_list, '2,3');
	assert.equal(buildCreateUser({ ...base, departmentIds: '2, 3,2' }).dept_id_list, '2,3');
	fails(() => buildCreateUser({ ...base, departmentIds: Array.from({ length: 101 }, (_, i) => i + 1) }), 'Departments');
	fails(() => buildCreateUser({ ...base, departmentIds: ['x'] }), 'Departments');
});

test('create: every optional field of the reference is mapped and checked', () => {
	const body = buildCreateUser({
		...base,
		userid: 'zhangsan',
		hideMobile: true,
		telephone: '010-1234',
		jobNumber: 'E1',
		title: 'Engineer',
		email: 'z@example.com',
		orgEmail: 'z@corp.example.com',
		orgEmailType: 'profession',
		workPlace: 'Hangzhou',
		remark: 'note',
		deptOrders: [{ departmentId: '2', order: 3 }],
		deptTitles: [{ departmentId: 3, title: 'Lead' }],
		extension: '{"爱好":"旅游","年龄":24}',
		seniorMode: false,
		hiredDate: '2024-03-01T00:00:00.000Z',
		managerUserid: 'boss',
		loginEmail: 'login@example.com',
		deptPositions: '[{"dept_id":2,"title":"x"}]',
		extensionI18n: { en: 'x' },
	});
	assert.deepEqual(body, {
		name: 'Zhang San',
		mobile: '13800000000',
		dept_id_list: '2,3',
		userid: 'zhangsan',
		hide_mobile: true,
		telephone: '010-1234',
		job_number: 'E1',
		title: 'Engineer',
		email: 'z@example.com',
		org_email: 'z@corp.example.com',
		org_email_type: 'profession',
		work_place: 'Hangzhou',
		remark: 'note',
		dept_order_list: [{ dept_id: 2, order: 3 }],
		dept_title_list: [{ dept_id: 3, title: 'Lead' }],
		extension: '{"爱好":"旅游","年龄":"24"}',
		senior_mode: false,
		hired_date: Date.parse('2024-03-01T00:00:00.000Z'),
		manager_userid: 'boss',
		login_email: 'login@example.com',
		dept_position_list: [{ dept_id: 2, title: 'x' }],
		extension_i18n: { en: 'x' },
	});
	fails(() => buildCreateUser({ ...base, jobNumber: 'x'.repeat(51) }), 'Job Number');
	fails(() => buildCreateUser({ ...base, telephone: 'x'.repeat(51) }), 'Telephone');
	fails(() => buildCreateUser({ ...base, title: 'x'.repeat(201) }), 'Title');
	fails(() => buildCreateUser({ ...base, email: 'not-an-email' }), 'Email');
	fails(() => buildCreateUser({ ...base, email: `${'x'.repeat(45)}@a.com` }), 'Email');
	fails(() => buildCreateUser({ ...base, workPlace: 'x'.repeat(101) }), 'Work Place');
	fails(() => buildCreateUser({ ...base, remark: 'x'.repeat(2001) }), 'Remark');
	fails(() => buildCreateUser({ ...base, orgEmailType: 'other' }), 'Org Email Type');
	fails(() => buildCreateUser({ ...base, extension: '[1]' }), 'Extension');
	fails(() => buildCreateUser({ ...base, extension: { a: 'x'.repeat(2000) } }), 'Extension');
	fails(() => buildCreateUser({ ...base, extension: { a: { nested: 1 } } }), 'Extension');
	fails(() => buildCreateUser({ ...base, hiredDate: 'someday' }), 'Hired Date');
	fails(() => buildCreateUser({ ...base, userid: 'a,b' }), 'User ID');
	fails(() => buildCreateUser({ ...base, deptOrders: [{ departmentId: 'x', order: 1 }] }), 'Order in Departments: Department');
	assert.equal(buildCreateUser({ ...base, email: '', remark: '  ' }).email, undefined, 'blank fields are left out');
});

test('mobile formats: mainland 11 digits or +<country>-<number>', () => {
	assert.equal(requireMobile('13800000000'), '13800000000');
	assert.equal(requireMobile('+852-51234567'), '+852-51234567');
	for (const bad of ['1380000000', '+85251234567', '138-0000-0000', 'abc']) assert.throws(() => requireMobile(bad), /Mobile/);
	assert.throws(() => requireUserId('x'.repeat(65)), /64/);
	assert.deepEqual(requireDepartmentIds('1，2 3'), [1, 2, 3]);
});

test('update: a mobile change is refused before sending; an empty update too', () => {
	fails(() => buildUpdateUser('u1', { mobile: '13900000000' }), 'Mobile');
	fails(() => buildUpdateUser('u1', {}), 'Update Fields');
	assert.deepEqual(buildUpdateUser('u1', { name: 'New', extAttrsUpdateMode: 'append', departmentIds: [5] }), {
		userid: 'u1',
		name: 'New',
		ext_attrs_update_mode: 1,
		dept_id_list: '5',
	});
	assert.deepEqual(buildUpdateUser('u1', { clearManager: true }), { userid: 'u1', force_update_fields: 'manager_userid' });
	fails(() => buildUpdateUser('u1', { clearManager: false }), 'Update Fields');
});

test('departments: name rules, parent required, permit lists as comma strings', () => {
	fails(() => buildCreateDepartment({ name: 'R-D', parentId: 1 }), 'Name');
	fails(() => buildCreateDepartment({ name: 'R,D', parentId: 1 }), 'Name');
	fails(() => buildCreateDepartment({ name: '研发，一部', parentId: 1 }), 'Name');
	fails(() => buildCreateDepartment({ name: 'x'.repeat(65), parentId: 1 }), 'Name');
	fails(() => buildCreateDepartment({ name: 'RD' }), 'Parent Department');
	assert.deepEqual(buildCreateDepartment({ name: 'RD', parentId: '1', deptPermits: '2, 3', userPermits: ['a', 'b'], hideDept: true, order: 4 }), {
		name: 'RD',
		parent_id: 1,
		dept_permits: '2,3',
		user_permits: 'a,b',
		hide_dept: true,
		order: 4,
	});
	fails(() => buildUpdateDepartment(5, { parentId: 5 }), 'Parent Department');
	fails(() => buildUpdateDepartment(5, {}), 'Update Fields');
	fails(() => buildUpdateDepartment(5, { code: 'x'.repeat(31) }), 'Code');
	assert.deepEqual(buildUpdateDepartment(5, { managerUserids: 'a,b', replaceManagers: true }), {
		dept_id: 5,
		dept_manager_userid_list: 'a,b',
		force_update_fields: 'dept_manager_userid_list',
	});
});
