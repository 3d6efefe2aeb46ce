export * from './catalog.decider.ts';
export * from './commands.ts';
export * from './events.ts';
