import { loginsBehaviour } from './logins-behaviour.js';
import { sqliteTarget } from './test-support.js';

loginsBehaviour(sqliteTarget);
