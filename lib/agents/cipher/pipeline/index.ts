export * from './stage';
export * from './stats';
