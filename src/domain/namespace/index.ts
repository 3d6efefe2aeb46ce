export * from './commands.ts';
export * from './events.ts';
export * from './namespace.decider.ts';
