import { roundTripSuite } from '../codec/round-trip-behaviour.js';
import { createPostgresStore } from './index.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();

roundTripSuite('PostgreSQL', async () => createPostgresStore(await postgres.database()), 100);
