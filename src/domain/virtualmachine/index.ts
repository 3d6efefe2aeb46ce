export * from './commands.ts';
export * from './events.ts';
export * from './virtualmachine.decider.ts';
