import { makeRouter } from '../../shared/router';
import { getDingTalkClient } from '../transport';
import * as department from './department';
import * as user from './user';

export const router = makeRouter({ department, user }, getDingTalkClient);
