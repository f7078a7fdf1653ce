export { createRegisterStoreAction } from './registerStore';
export { createProvisionStoreAction } from './provisionStore';
export { createDeleteStoreAction } from './deleteStore';
export { createRetryStoreAction } from './retryStore';
export { createTransferStoreAction } from './transferStore';
export { createBackupStoreAction } from './backupStore';
export { createRestoreStoreAction } from './restoreStore';
export { createSuspendStoreAction } from './suspendStore';
export { createResumeStoreAction } from './resumeStore';
export { createResizeStoreAction } from './resizeStore';
export { createUpgradeStoreAction } from './upgradeStore';
export type { StoreBackupper } from './backupStore';
export type { StoreRestorer } from './restoreStore';
export type { StoreSuspender } from './suspendStore';
export type { StoreResumer } from './resumeStore';
export type { StoreResizer } from './resizeStore';
export type {
  StoreUpgrader,
  StoreUpgradeImages,
  StoreUpgradeProgress,
} from './upgradeStore';
export type {
  WorkloadReplicas,
  WorkloadScalingOptions,
} from './workloadOperation';
export type { OwnerDirectory, StoreOwnerAnnotator } from './transferStore';
