import pg from 'pg';
import { postgresForFile } from '../store/postgres/test-cluster.js';
import { workersScenario } from './workers-scenario.js';

const postgres = postgresForFile();

workersScenario(
  'many sync processes, each as if on a machine of its own, on one PostgreSQL history',
  async () => {
    const location = await postgres.database();
    // The test's own connection, as another machine's would be.
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    const count = async (table: 'transactions' | 'sync_leases') => {
      const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
      if (!rows[0]?.present) return 0;
      return Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n);
    };
    return {
      location,
      held: () => count('transactions'),
      leases: () => count('sync_leases'),
      close: () => client.end(),
    };
  },
  { machines: true },
);
