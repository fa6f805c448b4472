import { makeRouter } from '../../shared/router';
import { getWeComClient } from '../transport';
import * as administrator from './administrator';
import * as department from './department';
import * as member from './member';
import * as message from './message';
import * as tag from './tag';

export const router = makeRouter({ administrator, department, member, message, tag }, getWeComClient, (client) => client.transport.concurrency);
