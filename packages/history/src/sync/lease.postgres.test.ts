import { postgresForFile } from '../store/postgres/test-cluster.js';
import { leaseBehaviour } from './lease-behaviour.js';

const postgres = postgresForFile();

leaseBehaviour({ name: 'PostgreSQL', location: () => postgres.database() });
