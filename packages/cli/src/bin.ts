import { enableCompileCache } from './compile-cache.js';
import { endOnClosedOutput } from './output/closed-pipe.js';
import { answerFromRoot } from './root-answers.js';

// Before anything else is loaded, so that the cache covers all of it.
enableCompileCache();
// `monzo … | head -1`: once the reader has gone, stop at once, quietly (no stack trace, exit 0).
endOnClosedOutput(process, (code) => process.exit(code));
// `--version` and `--help` are answered here, without commander or any command; anything else loads the program
// (a dynamic import, not awaited: a chunk the program's code imports back must not wait on this one).
const answered = answerFromRoot(process.argv.slice(2), process);
if (answered === undefined) void import('./main.js');
else process.exitCode = answered;
