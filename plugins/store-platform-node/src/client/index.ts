export { StoreStatusClient } from './StoreStatusClient';
export type { StoreStatusClientOptions } from './StoreStatusClient';
export { errorFromResponse } from './errors';
