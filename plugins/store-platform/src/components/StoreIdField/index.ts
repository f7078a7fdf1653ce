export { StoreIdField } from './StoreIdField';
export { validateStoreId } from './validateStoreId';
