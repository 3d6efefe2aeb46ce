#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the TypeScript sources directly through tsx so the CLI, `npm start` and the tests
// always execute the same code, with no stale build in between. A larger young generation
// (--max-semi-space-size) makes catching up on a long log about a fifth faster.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
