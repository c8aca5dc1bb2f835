import { postgresForFile } from '../store/postgres/test-cluster.js';
import { syncBehaviour } from './sync-behaviour.js';

const postgres = postgresForFile();

syncBehaviour({ name: 'PostgreSQL', location: () => postgres.database() });
