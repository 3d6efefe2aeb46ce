// Entry point of the SQLite writer thread: workers start without the parent's TypeScript loader
// (unless it came in through --import), so register it before loading the thread's source.
import '../../typescript/register.mjs';

await import('./sqlite-writer-thread.ts');
