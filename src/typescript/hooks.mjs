/**
 * Module hooks that run the TypeScript sources as they are: each .ts file outside node_modules has
 * its types stripped by esbuild when it loads (imports already name the .ts files, so resolving is
 * Node's own).
 *
 * This rather than tsx: tsx transforms with esbuild's keepNames, which wraps every function created
 * at run time in a defineProperty call so that it keeps its name. Nothing here is minified or
 * renamed, so names survive without it, and on the API's create path those calls cost about a
 * tenth of the server's time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const tsconfigRaw = readFileSync(new URL('../../tsconfig.json', import.meta.url), 'utf8');

export const load = async (url, context, nextLoad) => {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = transformSync(readFileSync(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcefile: path,
    sourcemap: 'inline',
    tsconfigRaw,
  });
  return { format: 'module', source: code, shortCircuit: true };
};
