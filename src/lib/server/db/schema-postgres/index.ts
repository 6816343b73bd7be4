export * from './accounts';
export * from './villages';
export * from './audit';
export * from './media';
export * from './idempotency';
export * from './notices';
export * from './market';
export * from './search';
