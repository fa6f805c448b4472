import { makeRouter } from '../../shared/router';
import { getScimClient } from '../transport';
import * as group from './group';
import * as user from './user';

// User writes marked `concurrent` run several items at once within the client's pool.
export const router = makeRouter({ group, user }, getScimClient, (client) => client.transport.concurrency);
