export * from './commands.ts';
export * from './events.ts';
export * from './fieldmanagers.decider.ts';
