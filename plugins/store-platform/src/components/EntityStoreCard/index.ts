export { EntityStoreCard } from './EntityStoreCard';
export type { EntityStoreCardProps } from './EntityStoreCard';
