import { endOnClosedOutput } from './output/closed-pipe.js';
import { processContext } from './process-context.js';
import { run } from './run.js';

// `monzo … | head -1`: once the reader has gone, stop at once, quietly (no stack trace, exit 0).
endOnClosedOutput(process, (code) => process.exit(code));
process.exitCode = await run(process.argv.slice(2), processContext());
