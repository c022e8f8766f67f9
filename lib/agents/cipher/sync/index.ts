export * from './diff';
export * from './sync';
