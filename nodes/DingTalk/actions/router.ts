import { makeRouter } from '../../shared/router';
import { getDingTalkClient } from '../transport';
import * as administrator from './administrator';
import * as department from './department';
import * as hrRoster from './hrRoster';
import * as role from './role';
import * as user from './user';

export const router = makeRouter({ administrator, department, hrRoster, role, user }, getDingTalkClient, (client) => client.transport.concurrency);
