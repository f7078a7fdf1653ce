export { StoreStatusLabel, STORE_STATUS_DISPLAY } from './StoreStatusLabel';
