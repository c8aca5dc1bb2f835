#!/usr/bin/env node
import { enableCompileCache } from './compile-cache.js';

// Before anything else is loaded, so that the cache covers all of it; the rest comes in by a dynamic import
// (a static one would be loaded before this line runs).
enableCompileCache();
await import('./main.js');
