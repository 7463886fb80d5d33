export * from './common.ts';
export * from './permissions.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './catalogues.ts';
export * from './events.ts';
export * from './audit.ts';
