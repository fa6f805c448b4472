import { makeRouter } from '../../shared/router';
import { getCasdoorClient } from '../transport';
import * as group from './group';
import * as role from './role';
import * as user from './user';

export const router = makeRouter({ group, role, user }, getCasdoorClient);
