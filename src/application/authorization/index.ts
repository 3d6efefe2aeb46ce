export * from './identity.ts';
export * from './namespace-permission.ts';
export * from './permission-index.ts';
export * from './policy.ts';
