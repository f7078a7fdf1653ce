export { createRegisterStoreAction } from './registerStore';
export { createProvisionStoreAction } from './provisionStore';
export { createDeleteStoreAction } from './deleteStore';
export { createRetryStoreAction } from './retryStore';
export { createTransferStoreAction } from './transferStore';
export { createBackupStoreAction } from './backupStore';
export { createRestoreStoreAction } from './restoreStore';
