#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so the CLI, `npm start` and the tests
// always execute the same code, with no stale build in between.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
