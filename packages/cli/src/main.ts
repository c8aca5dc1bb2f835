import { endOnClosedOutput } from './output/closed-pipe.js';
import { processContext } from './process-context.js';
import { run } from './run.js';

// `monzo … | head -1`: once the reader has gone, stop at once, quietly (no stack trace, exit 0).
endOnClosedOutput(process, (code) => process.exit(code));
// Not a top-level await: built, this module shares its chunk with code the commands' chunks import, and a
// chunk awaiting the import of one that imports it back would wait forever (Node exits 13).
void run(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
