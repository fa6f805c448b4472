import { makeRouter } from '../../shared/router';
import { getWeComClient } from '../transport';
import * as department from './department';
import * as member from './member';

export const router = makeRouter({ department, member }, getWeComClient);
