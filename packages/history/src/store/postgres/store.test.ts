import { storeContract } from '../contract.js';
import { createPostgresStore } from './index.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();

storeContract('PostgreSQL', async () => createPostgresStore(await postgres.database()));
