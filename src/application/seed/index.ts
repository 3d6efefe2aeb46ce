export * from './class-seeder.ts';
export * from './classes.ts';
export * from './images.ts';
export * from './releases.ts';
export * from './seed-catalog.ts';
export * from './seed-item.ts';
