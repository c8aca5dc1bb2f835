import { processContext } from './process-context.js';
import { run } from './run.js';

// Not a top-level await: built, this module shares its chunk with code the commands' chunks import, and a
// chunk awaiting the import of one that imports it back would wait forever (Node exits 13).
void run(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
