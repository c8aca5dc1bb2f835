import { openSqliteStore } from '../sqlite/index.js';
import { roundTripSuite } from './round-trip-behaviour.js';

roundTripSuite('SQLite', () => openSqliteStore(':memory:'), 300);
