export * from './commands.ts';
export * from './events.ts';
export * from './guestcluster.decider.ts';
export * from './release-version.ts';
