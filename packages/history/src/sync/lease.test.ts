import { leaseBehaviour } from './lease-behaviour.js';
import { sqliteTarget } from './test-support.js';

leaseBehaviour(sqliteTarget);
