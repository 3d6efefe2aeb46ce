#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the TypeScript sources directly (src/typescript) so the CLI, `npm start` and the tests
// always execute the same code, with no stale build in between. A larger young generation
// (--max-semi-space-size) makes catching up on a long log about a fifth faster.
import '../src/typescript/register.mjs';

await import('../src/main.ts');
