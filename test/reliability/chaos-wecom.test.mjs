// The short chaos run for WeCom (see chaosShort.mjs).
import { shortChaosTest } from './chaosShort.mjs';

shortChaosTest('wecom');
