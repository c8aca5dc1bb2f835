/** For the PostgreSQL tests: one throwaway cluster for the test file, and a fresh database wherever one is asked for. */
import { afterAll, beforeAll } from 'vitest';
import { type PostgresCluster, startPostgres } from '../../../../../test/support/postgres.js';

export interface FileCluster {
  /** The running cluster (inside a test or a hook). */
  readonly cluster: PostgresCluster;
  /** The URL of a new, empty database. */
  database(): Promise<string>;
}

/** Starts a cluster before the file's tests and stops it after them. */
export function postgresForFile(): FileCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster?.stop());
  const started = (): PostgresCluster => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started: use it inside a test or a hook');
    return cluster;
  };
  return {
    get cluster() {
      return started();
    },
    database: () => started().createDatabase(),
  };
}
