import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  BeginOperationRequest,
  CreateStoreRequest,
  FinishOperationRequest,
  ListStoresQuery,
  listStoresSearchParams,
  MAX_PAGE_SIZE,
  Page,
  STORE_PLATFORM_PLUGIN_ID,
  StatusUpdateRequest,
  Store,
  StoreEvent,
} from '@store-platform/plugin-store-platform-common';
import { errorFromResponse } from './errors';

/**
 * What a {@link StoreStatusClient} needs: the calling plugin's discovery and auth services.
 *
 * @public
 */
export interface StoreStatusClientOptions {
  /** Finds the store-platform backend's URL. */
  discovery: DiscoveryService;
  /** Issues the calling plugin's service token for store-platform. */
  auth: AuthService;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Typed client of the store-platform backend's REST API for other backend
 * plugins (the scaffolder actions, the catalog entity provider). Calls are
 * made with the calling plugin's own service credentials. Failures are thrown
 * as Backstage errors: InputError (400), NotAllowedError (403),
 * NotFoundError (404), ConflictError (409, e.g. an illegal transition), else
 * ResponseError.
 *
 * @public
 */
export class StoreStatusClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: StoreStatusClientOptions) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /**
   * Registers a new store in `pending`. Pass the user's credentials as
   * `onBehalfOf`: the backend checks *their* `store.create` permission (the
   * owner must be them or one of their groups).
   */
  register(
    request: CreateStoreRequest,
    options: { onBehalfOf?: BackstageCredentials } = {},
  ): Promise<Store> {
    return this.call('POST', '/stores', request, options.onBehalfOf);
  }

  /**
   * Moves a store along the state machine. With `onBehalfOf`, the backend
   * checks that user's `store.update` permission on the store.
   */
  transition(
    storeId: string,
    update: StatusUpdateRequest,
    options: { onBehalfOf?: BackstageCredentials } = {},
  ): Promise<Store> {
    return this.call(
      'POST',
      `${storePath(storeId)}/status`,
      update,
      options.onBehalfOf,
    );
  }

  /** One store; rejects with NotFoundError when it does not exist. */
  get(storeId: string): Promise<Store> {
    return this.call('GET', storePath(storeId));
  }

  /** One page of stores, filtered, sorted and paged by the backend. */
  list(query: ListStoresQuery = {}): Promise<Page<Store>> {
    const qs = listStoresSearchParams(query).toString();
    return this.call('GET', `/stores${qs ? `?${qs}` : ''}`);
  }

  /**
   * Every store, following the pages' cursors in id order: a store added or
   * removed meanwhile cannot shift another out of the pages read.
   */
  async listAll(
    query: Omit<
      ListStoresQuery,
      'offset' | 'limit' | 'cursor' | 'orderBy' | 'order'
    > = {},
  ): Promise<Store[]> {
    const all: Store[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({
        ...query,
        orderBy: 'id',
        order: 'asc',
        limit: MAX_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** The store's history, oldest first. */
  async events(storeId: string): Promise<StoreEvent[]> {
    const body = await this.call<{ items: StoreEvent[] }>(
      'GET',
      `${storePath(storeId)}/events`,
    );
    return body.items;
  }

  /**
   * Starts deleting the store; resolves with it in `deleting`. Pass the
   * user's credentials as `onBehalfOf` so the backend checks *their*
   * `store.delete` permission rather than the calling plugin's.
   */
  delete(
    storeId: string,
    options: { onBehalfOf?: BackstageCredentials } = {},
  ): Promise<Store> {
    return this.call(
      'DELETE',
      storePath(storeId),
      undefined,
      options.onBehalfOf,
    );
  }

  /**
   * Takes the store's operation lease for a task. Pass the task initiator's
   * credentials as `onBehalfOf`: the backend checks *their* `store.update`.
   * 409 when the store's status does not allow the operation or another one
   * is running.
   */
  beginOperation(
    storeId: string,
    request: BeginOperationRequest,
    options: { onBehalfOf?: BackstageCredentials } = {},
  ): Promise<Store> {
    return this.call(
      'POST',
      `${storePath(storeId)}/operations`,
      request,
      options.onBehalfOf,
    );
  }

  /** Keeps the lease of `taskId` fresh; 409 once it has lost it. */
  async heartbeat(storeId: string, taskId: string): Promise<void> {
    await this.call('POST', `${storePath(storeId)}/operations/heartbeat`, {
      taskId,
    });
  }

  /** Records how the operation ended (status, changes) and releases its lease. */
  finishOperation(
    storeId: string,
    request: FinishOperationRequest,
  ): Promise<Store> {
    return this.call(
      'POST',
      `${storePath(storeId)}/operations/finish`,
      request,
    );
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    onBehalfOf?: BackstageCredentials,
  ): Promise<T> {
    const { discovery, auth } = this.options;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(STORE_PLATFORM_PLUGIN_ID),
      auth.getPluginRequestToken({
        onBehalfOf: onBehalfOf ?? (await auth.getOwnServiceCredentials()),
        targetPluginId: STORE_PLATFORM_PLUGIN_ID,
      }),
    ]);
    const response = await this.fetchImpl(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

function storePath(storeId: string): string {
  return `/stores/${encodeURIComponent(storeId)}`;
}
