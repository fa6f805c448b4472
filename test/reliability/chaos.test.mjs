// The short chaos run (see chaosShort.mjs), WeCom and DingTalk side by side: each run has its
// own emulators, and most of a chaos run is waiting for timeouts and backoffs.
import { describe } from 'node:test';

import { shortChaosTest } from './chaosShort.mjs';

describe('chaos', { concurrency: true }, () => {
	shortChaosTest('wecom');
	shortChaosTest('dingtalk');
});
