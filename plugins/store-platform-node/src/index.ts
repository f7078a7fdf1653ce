/**
 * The Store Platform Kubernetes layer: one builder per object of a store,
 * idempotent apply, watch-based waiters, the engines, and a client for the
 * status API.
 *
 * @packageDocumentation
 */
export {
  readProvisioningConfig,
  provisioningConfigWith,
  DEFAULT_PROVISIONING_CONFIG,
  DEFAULT_IMAGES,
  DEFAULT_TIMEOUTS,
  DEFAULT_EGRESS,
} from './config/provisioningConfig';
export type {
  ProvisioningConfig,
  ProvisioningTimeouts,
  StoreEgressConfig,
  StoreImages,
  PodSecurityLevel,
} from './config/provisioningConfig';
export { kubeConfigFromConfig } from './config/kubeConfigFromConfig';
export { readStoreClusters, DEFAULT_CLUSTER } from './config/storeClusters';
export type {
  StoreClusterDefinition,
  ClusterAccess,
  ClusterToken,
} from './config/storeClusters';
export {
  StoreClusterRegistry,
  ClusterUnreachableError,
  DEFAULT_PROBE_TIMEOUT_MS,
  withinMs,
} from './cluster/clusterRegistry';
export {
  DEFAULT_INSTALLATION,
  INSTALLATION_KEY,
  checkInstallation,
} from './config/installation';
export { validateStoreSpec } from './spec/storeSpec';
export type { StoreSpec } from './spec/storeSpec';
export {
  KubernetesApiError,
  WaitTimeoutError,
  WaitFailedError,
  EngineNotAvailableError,
  ProvisioningAbortedError,
  ForeignNamespaceError,
} from './errors';
export { ownerOf } from './cluster/namespaceOwnership';
export type { NamespaceOwner } from './cluster/namespaceOwnership';
export * from './resources/labels';
export {
  OBJECT_NAMES,
  bootstrapJobName,
  storeHost,
  storeNamespace,
  SECRET_KEYS,
} from './resources/names';
export { StoreSecrets, REDACTED, generatePassword } from './resources/secrets';
export { SIZE_PRESETS, quotaFor } from './resources/sizes';
export type { SizePreset, ContainerResources } from './resources/sizes';
export type { BuildContext } from './resources/context';
export {
  buildNamespace,
  buildResourceQuota,
  buildLimitRange,
} from './resources/namespace';
export { buildMariadbSecret } from './resources/credentials';
export {
  buildMariadbData,
  buildMariadbService,
  buildMariadbStatefulSet,
} from './resources/database';
export {
  buildWordpressData,
  buildWordpressDeployment,
  buildWordpressService,
} from './resources/storefront';
export { buildStoreIngress, storeUrl } from './resources/ingress';
export { buildBootstrapJob } from './resources/bootstrapJob';
export {
  buildNetworkPolicies,
  NETWORK_POLICY_NAMES,
} from './resources/networkPolicies';
export {
  bootstrapScript,
  bootstrapScriptPath,
} from './resources/bootstrapScript';
export {
  buildStoreObjects,
  flattenStoreObjects,
  renderStoreManifests,
} from './resources/storeObjects';
export type { StoreObjects } from './resources/storeObjects';
export { kubeClients } from './kube/clients';
export type { KubeClients } from './kube/clients';
export { applyObject, createIfAbsent, FIELD_MANAGER } from './kube/apply';
export { withRetry } from './kube/retry';
export type { RetryOptions } from './kube/retry';
export {
  waitForStatefulSetReady,
  waitForDeploymentReady,
  waitForJobCompletion,
} from './wait/waiters';
export type { WaitOptions } from './wait/waiters';
export {
  runProvisioningSteps,
  checkStepGraph,
} from './steps/runProvisioningSteps';
export type {
  ProvisioningStep,
  StepContext,
  StepEvent,
  RunStepsOptions,
} from './steps/types';
export {
  EngineRegistry,
  defaultEngineRegistry,
  getEngine,
} from './engines/registry';
export type { ProvisioningEngine, EngineDeps } from './engines/types';
export {
  woocommerceEngine,
  planWooCommerce,
} from './engines/woocommerce/woocommerceEngine';
export { medusaEngine } from './engines/medusa';
export { createStoreCluster } from './cluster/storeCluster';
export {
  AdminCredentials,
  readAdminCredentials,
} from './operations/adminCredentials';
export {
  resetAdminPassword,
  DEFAULT_ADMIN_PASSWORD_RESET_TIMEOUT_MS,
} from './operations/resetAdminPassword';
export type { ResetAdminPasswordOptions } from './operations/resetAdminPassword';
export {
  readRecordedAdminEmail,
  ADMIN_EMAIL_ANNOTATION,
} from './operations/recordedAdminEmail';
export {
  ADMIN_PASSWORD_RESET,
  buildAdminPasswordResetJob,
} from './resources/adminPasswordJob';
export type { StoreCluster, StoreInspection } from './cluster/storeCluster';
export type { StoreWarningEvent } from './cluster/warningEvents';
export type { RegisteredNamespace } from './cluster/leftoverNamespaces';
export type { AdminPasswordResetTarget } from './resources/adminPasswordJob';
export { provisionStore } from './provisionStore';
export * from './client';
export {
  buildPlatformRoleBinding,
  PLATFORM_ROLE_BINDING,
} from './resources/roleBinding';
export type { PlatformRbacConfig } from './config/rbacConfig';
export { waitForAccess } from './kube/waitForAccess';
export { suspendStore } from './operations/suspendStore';
export type {
  SuspendResult,
  WorkloadOperationOptions,
} from './operations/suspendStore';
export { resumeStore } from './operations/resumeStore';
export type { ResumeResult } from './operations/resumeStore';
export { resizeStore } from './operations/resizeStore';
export type { ResizeResult } from './operations/resizeStore';
export type { VolumePlan } from './operations/resizeVolumes';
export {
  upgradeStore,
  UpgradeRolledBackError,
  UpgradeDatabaseError,
} from './operations/upgradeStore';
export type {
  UpgradeOptions,
  UpgradeResult,
  BackupBeforeUpgrade,
} from './operations/upgradeStore';
export type { RunningImages } from './operations/liveStore';
export { backupStore, BackupFailedError } from './operations/backupStore';
export type { BackupStoreOptions } from './operations/backupStore';
export { restoreStore } from './operations/restoreStore';
export type { RestoreStoreOptions } from './operations/restoreStore';
export { listBackups } from './operations/listBackups';
export type { ListBackupsOptions } from './operations/listBackups';
export {
  checkBackupOfStore,
  requireRestorableBackup,
} from './operations/restorableBackup';
export { newBackupId, parseBackupId } from './resources/backupIds';
export type { ParsedBackupId } from './resources/backupIds';
export type { StoreBackupsConfig } from './config/provisioningConfig';
export { transferStore, OWNER_ANNOTATION } from './operations/transferStore';
export type { TransferResult } from './operations/transferStore';
export {
  buildBackupJob,
  buildRestoreJob,
  backupJobName,
  BACKUP_LABELS,
} from './resources/backupJobs';
export type { RestoreSource } from './resources/backupJobs';
export {
  buildBackupExportJob,
  buildExportIngressPolicy,
  buildExportEgressPolicy,
  EXPORT_PORT,
} from './resources/backupExport';
export type { ExportPeers } from './resources/backupExport';
export { buildBackupVolume, BACKUP_VOLUME } from './resources/backupVolume';
export type { BackupTarget } from './resources/backupVolume';
