export { storePlatformApiRef } from './StorePlatformApi';
export type { StorePlatformApi } from './StorePlatformApi';
export { StorePlatformClient } from './StorePlatformClient';
export { describeError, isNotFoundError } from './errors';
