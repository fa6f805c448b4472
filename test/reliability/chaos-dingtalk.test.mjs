// The short chaos run for DingTalk (see chaosShort.mjs).
import { shortChaosTest } from './chaosShort.mjs';

shortChaosTest('dingtalk');
