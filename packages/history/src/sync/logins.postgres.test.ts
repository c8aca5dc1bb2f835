import { postgresForFile } from '../store/postgres/test-cluster.js';
import { loginsBehaviour } from './logins-behaviour.js';

const postgres = postgresForFile();

loginsBehaviour({ name: 'PostgreSQL', location: () => postgres.database() });
