import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  assertTransition,
  CreateStoreRequest,
  FinishOperationRequest,
  operationRefusal,
  Store,
  StoreOperation,
  storeNamespace,
} from '@store-platform/plugin-store-platform-common';
import {
  PlannedStep,
  StepEvent,
  StoreCatalog,
  StoreProvisioner,
  StoreRegistry,
  StoreSpec,
} from '../ports';

function userOf(credentials?: BackstageCredentials): string | undefined {
  const principal = credentials?.principal as { userEntityRef?: string };
  return principal?.userEntityRef;
}

/** An in-memory registry that enforces the real state machine. */
export class FakeRegistry implements StoreRegistry {
  readonly stores = new Map<string, Store>();
  readonly transitions: Array<{
    id: string;
    status: string;
    message?: string;
    /** The user the caller acted for, if any. */
    onBehalfOf?: string;
  }> = [];
  /** Users the backend's permission policy refuses `store.update` and `store.create`. */
  readonly refusedUsers = new Set<string>();

  private assertAllowed(onBehalfOf: BackstageCredentials | undefined) {
    const user = userOf(onBehalfOf);
    if (user && this.refusedUsers.has(user)) {
      throw new NotAllowedError(`${user} may not do that`);
    }
  }

  async register(
    request: CreateStoreRequest,
    onBehalfOf?: BackstageCredentials,
  ): Promise<Store> {
    this.assertAllowed(onBehalfOf);
    if (this.stores.has(request.id)) {
      throw new ConflictError(`store ${request.id} already exists`);
    }
    const now = new Date().toISOString();
    const store: Store = {
      id: request.id,
      title: request.title ?? request.id,
      engine: request.engine,
      owner: request.owner,
      size: request.size ?? 'small',
      namespace: storeNamespace(request.id),
      url: `http://${request.id}.localhost`,
      registrationUid: randomUUID(),
      status: 'pending',
      taskId: request.taskId,
      createdAt: now,
      updatedAt: now,
    };
    this.stores.set(store.id, store);
    return store;
  }

  async get(storeId: string) {
    return this.stores.get(storeId);
  }

  async transition(
    storeId: string,
    update: { status: Store['status']; message?: string; taskId?: string },
    onBehalfOf?: BackstageCredentials,
  ) {
    const store = this.stores.get(storeId);
    if (!store) throw new NotFoundError(storeId);
    this.assertAllowed(onBehalfOf);
    assertTransition(store.status, update.status);
    const next = {
      ...store,
      status: update.status,
      statusMessage: update.message,
      taskId: update.taskId ?? store.taskId,
    };
    this.stores.set(storeId, next);
    this.transitions.push({
      id: storeId,
      status: update.status,
      message: update.message,
      onBehalfOf: userOf(onBehalfOf),
    });
    return next;
  }

  async delete(storeId: string) {
    return this.transition(storeId, { status: 'deleting' });
  }

  /** Heartbeats received, by task. */
  readonly heartbeats: string[] = [];
  /** Outcomes recorded by finishOperation, in order. */
  readonly finished: Array<{ id: string } & FinishOperationRequest> = [];

  async beginOperation(
    storeId: string,
    request: { operation: StoreOperation; taskId: string },
    onBehalfOf: BackstageCredentials,
  ) {
    const store = this.stores.get(storeId);
    if (!store) throw new NotFoundError(storeId);
    this.assertAllowed(onBehalfOf);
    if (store.operation && store.operation.taskId !== request.taskId) {
      throw new ConflictError(
        `store "${storeId}" is busy: ${store.operation.kind} is still running`,
      );
    }
    const refusal = operationRefusal(request.operation, store);
    if (refusal) throw new ConflictError(refusal);
    const now = new Date().toISOString();
    const next: Store = {
      ...store,
      taskId: request.taskId,
      operation: {
        kind: request.operation,
        taskId: request.taskId,
        startedAt: now,
        heartbeatAt: now,
      },
    };
    this.stores.set(storeId, next);
    return next;
  }

  async heartbeat(storeId: string, taskId: string) {
    const store = this.stores.get(storeId);
    if (!store?.operation || store.operation.taskId !== taskId) {
      throw new ConflictError(`no operation of task ${taskId} on ${storeId}`);
    }
    this.heartbeats.push(taskId);
  }

  async finishOperation(storeId: string, request: FinishOperationRequest) {
    const store = this.stores.get(storeId);
    if (!store?.operation || store.operation.taskId !== request.taskId) {
      throw new ConflictError(
        `no operation of task ${request.taskId} on ${storeId}`,
      );
    }
    const status = request.status ?? store.status;
    if (status !== store.status) assertTransition(store.status, status);
    const { operation, ...rest } = store;
    const next: Store = {
      ...rest,
      status,
      statusMessage: request.message ?? store.statusMessage,
      ...(request.changes?.size ? { size: request.changes.size } : {}),
      ...(request.changes?.owner ? { owner: request.changes.owner } : {}),
      ...(request.changes?.images
        ? { images: { ...store.images, ...request.changes.images } }
        : {}),
      lastOperation: {
        kind: operation.kind,
        taskId: request.taskId,
        outcome: request.outcome,
        message: request.message,
        startedAt: operation.startedAt,
        finishedAt: new Date().toISOString(),
      },
    };
    this.stores.set(storeId, next);
    this.finished.push({ id: storeId, ...request });
    // A status change by an operation's outcome is a transition like any other.
    if (status !== store.status) {
      this.transitions.push({ id: storeId, status, message: request.message });
    }
    return next;
  }
}

/** A provisioner whose steps run instantly, or fail the way a test asks. */
export class FakeProvisioner implements StoreProvisioner {
  readonly ran: string[] = [];
  failStep?: { id: string; error: Error };
  unreachable?: Error;
  /** Called inside a step to simulate waiting; may throw to simulate abort. */
  duringStep?: (stepId: string, signal: AbortSignal) => Promise<void>;

  readonly steps: PlannedStep[] = [
    { id: 'namespace', title: 'Namespace and guardrails', dependsOn: [] },
    { id: 'database', title: 'Database (MariaDB)', dependsOn: ['namespace'] },
    {
      id: 'storefront',
      title: 'Storefront (WordPress)',
      dependsOn: ['namespace'],
    },
    { id: 'ingress', title: 'Ingress', dependsOn: ['storefront'] },
    {
      id: 'bootstrap',
      title: 'WooCommerce bootstrap',
      dependsOn: ['database', 'storefront'],
    },
  ];

  /** What recordedAdminEmail answers, by store id. */
  readonly adminEmails = new Map<string, string>();

  images() {
    return { wordpress: 'wordpress:test', mariadb: 'mariadb:test' };
  }

  async recordedAdminEmail(storeId: string) {
    return this.adminEmails.get(storeId);
  }

  /** The specs this provisioner was asked to validate, last one last. */
  readonly validated: StoreSpec[] = [];

  validate(input: Record<string, unknown>): StoreSpec {
    if (
      typeof input.adminEmail !== 'string' ||
      !input.adminEmail.includes('@')
    ) {
      throw new InputError('adminEmail: must be an email address');
    }
    this.validated.push(input as unknown as StoreSpec);
    return input as unknown as StoreSpec;
  }

  urlFor(spec: StoreSpec) {
    return `http://${spec.id}.localhost`;
  }

  async assertClusterReachable() {
    if (this.unreachable) throw this.unreachable;
  }

  render(spec: StoreSpec) {
    return [
      { kind: 'Namespace', metadata: { name: `store-${spec.id}` } },
      {
        kind: 'Secret',
        metadata: { name: 'mariadb-secret' },
        stringData: { password: '<generated>' },
      },
    ];
  }

  async provision(
    spec: StoreSpec,
    options: {
      signal: AbortSignal;
      onEvent(event: StepEvent): void;
      wrapStep(step: PlannedStep, run: () => Promise<void>): Promise<void>;
    },
  ) {
    if (spec.engine === 'medusa') {
      throw Object.assign(new Error('the medusa engine is not available yet'), {
        name: 'EngineNotAvailableError',
      });
    }
    for (const step of this.steps) {
      await options.wrapStep(step, async () => {
        options.onEvent({ stepId: step.id, title: step.title, phase: 'start' });
        await this.duringStep?.(step.id, options.signal);
        if (this.failStep?.id === step.id) {
          options.onEvent({
            stepId: step.id,
            title: step.title,
            phase: 'failed',
            durationMs: 5,
            message: this.failStep.error.message,
          });
          throw this.failStep.error;
        }
        this.ran.push(step.id);
        options.onEvent({
          stepId: step.id,
          title: step.title,
          phase: 'done',
          durationMs: 1200,
        });
      });
    }
  }
}

export class FakeCatalog implements StoreCatalog {
  async waitForStoreEntity(
    storeId: string,
    options: { progress(m: string): void },
  ) {
    options.progress(`waiting for resource:default/${storeId}`);
    return `resource:default/${storeId}`;
  }
}
