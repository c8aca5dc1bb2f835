// Runs the README's example test file as part of the suite, so that the documented example keeps working.
import '../examples/vitest.example.test.js';
