// Kept for the tests that import it from here; the runtimes, Node versions included, live in runtimes.ts.
export { cleanEnv, nodeBinary, REPO_ROOT } from './runtimes.js';
