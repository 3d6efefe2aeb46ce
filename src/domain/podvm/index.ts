export * from './commands.ts';
export * from './events.ts';
export * from './podvm.decider.ts';
export * from './podvm.resources.ts';
