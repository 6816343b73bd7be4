export * from './accounts';
export * from './villages';
export * from './audit';
