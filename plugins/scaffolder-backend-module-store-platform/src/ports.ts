import { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ProvisioningStep,
  StepEvent,
  StoreSpec,
} from '@store-platform/plugin-store-platform-node';
import {
  CreateStoreRequest,
  FinishOperationRequest,
  Store,
  StoreImageRefs,
  StoreOperation,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';

/**
 * What the actions need from the store-platform backend: the status API,
 * called with service-to-service auth.
 *
 * @public
 */
export interface StoreRegistry {
  /**
   * Registers a store in `pending`. The backend checks the `store.create`
   * permission of `onBehalfOf` (the user who runs the task).
   */
  register(
    request: CreateStoreRequest,
    onBehalfOf?: BackstageCredentials,
  ): Promise<Store>;
  /** Undefined when no store has that id. */
  get(storeId: string): Promise<Store | undefined>;
  /**
   * Moves the store along the state machine; with `onBehalfOf`, only if that
   * user may change the store (`store.update`).
   */
  transition(
    storeId: string,
    update: { status: StoreStatus; message?: string; taskId?: string },
    onBehalfOf?: BackstageCredentials,
  ): Promise<Store>;
  /**
   * Starts deletion; the backend removes the namespace. It checks the
   * permission of `onBehalfOf` (the user who runs the task), not the plugin's.
   */
  delete(storeId: string, onBehalfOf?: BackstageCredentials): Promise<Store>;
  /**
   * Takes the store's operation lease for the task; the backend checks the
   * `store.update` permission of `onBehalfOf` (the task's initiator), the
   * store's status, and that no other operation runs.
   */
  beginOperation(
    storeId: string,
    request: { operation: StoreOperation; taskId: string },
    onBehalfOf: BackstageCredentials,
  ): Promise<Store>;
  /** Keeps the lease fresh, so the reconciler does not call it stuck. */
  heartbeat(storeId: string, taskId: string): Promise<void>;
  /** Records the outcome and what changed, and releases the lease. */
  finishOperation(
    storeId: string,
    request: FinishOperationRequest,
  ): Promise<Store>;
}

/** A store request after validation, the step plan and its progress: the node library's types. */
export type {
  StoreSpec,
  StepEvent,
} from '@store-platform/plugin-store-platform-node';
/**
 * What the actions see of a provisioning step: enough to name and checkpoint it.
 *
 * @public
 */
export type PlannedStep = Pick<ProvisioningStep, 'id' | 'title' | 'dependsOn'>;

/**
 * What the actions need from the Kubernetes layer. The module wires it to the
 * store-platform node library; tests give a fake.
 *
 * @public
 */
export interface StoreProvisioner {
  /** Throws an InputError naming the field. */
  validate(input: {
    id: unknown;
    title: unknown;
    engine: unknown;
    size: unknown;
    adminEmail: unknown;
    owner?: unknown;
    /** The store's registrationUid, labelled on its namespace. */
    registration?: unknown;
  }): StoreSpec;
  /** The storefront URL the store will have. */
  urlFor(spec: StoreSpec): string;
  /** The images a store provisioned now runs (the configured ones). */
  images(): StoreImageRefs;
  /**
   * The administrator email a store was created with (kept on its namespace),
   * for a retry; undefined when provisioning failed before the namespace.
   */
  recordedAdminEmail(storeId: string): Promise<string | undefined>;
  /** Fails fast, with a message saying how to configure it, when no cluster answers. */
  assertClusterReachable(signal?: AbortSignal): Promise<void>;
  /** The manifests a provisioning would apply, secrets masked. Touches nothing. */
  render(spec: StoreSpec): object[];
  /**
   * Plans and runs the engine's steps. Engines that cannot provision (the
   * Medusa stub) throw before anything is created.
   */
  provision(
    spec: StoreSpec,
    options: {
      signal: AbortSignal;
      onEvent(event: StepEvent): void;
      wrapStep(step: PlannedStep, run: () => Promise<void>): Promise<void>;
    },
  ): Promise<void>;
}

/**
 * The catalog, as far as the actions care: the store's entity showing up.
 *
 * @public
 */
export interface StoreCatalog {
  /** Resolves with the entity ref once the store's entity is in the catalog. */
  waitForStoreEntity(
    storeId: string,
    options: { signal: AbortSignal; progress(message: string): void },
  ): Promise<string>;
}
