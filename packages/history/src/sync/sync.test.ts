import { syncBehaviour } from './sync-behaviour.js';
import { sqliteTarget } from './test-support.js';

syncBehaviour(sqliteTarget);
