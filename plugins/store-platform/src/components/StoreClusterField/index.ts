export { StoreClusterField, clusterLabel } from './StoreClusterField';
