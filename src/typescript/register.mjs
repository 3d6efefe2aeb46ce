/**
 * `node --import ./src/typescript/register.mjs FILE.ts` runs TypeScript sources directly (see
 * hooks.mjs), with stack traces pointing at their lines.
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./hooks.mjs', import.meta.url);
