import { makeRouter } from '../../shared/router';
import { getWeComClient } from '../transport';
import * as department from './department';
import * as member from './member';
import * as message from './message';

export const router = makeRouter({ department, member, message }, getWeComClient, (client) => client.transport.concurrency);
