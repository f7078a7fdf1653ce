import { StoreEngine, StoreSize } from './engines';
import {
  OperationRecord,
  RunningOperation,
  StoreImageRefs,
  StoreOperation,
} from './operations';
import { StoreStatus } from './status';

/**
 * A store as the store-platform backend records it.
 *
 * @public
 */
export interface Store {
  /** DNS-1123 id; see storeIdProblem. */
  id: string;
  /** What people call it; shown on the card and the stores page. */
  title: string;
  /** What runs it (WooCommerce; Medusa is a stub). */
  engine: StoreEngine;
  /** Entity ref of the owning user or group, e.g. `group:default/shop-team`. */
  owner: string;
  /** Its resource preset (quota and limits of its namespace). */
  size: StoreSize;
  /** `store-<id>` */
  namespace: string;
  /** The storefront's URL, e.g. `http://<id>.localhost`. */
  url: string;
  /**
   * This registration of the id (a UUID, not a secret): a store registered
   * again after a deletion gets a new one. Labelled on its namespace, so a
   * namespace left by an earlier registration is never taken for this one.
   * Absent on stores registered before registrations had uids.
   */
  registrationUid?: string;
  /**
   * The cluster it lives on (`storePlatform.clusters`; `default` with one cluster). The
   * backend always sets it; optional only for clients of older backends.
   */
  cluster?: string;
  /**
   * Set while its cluster does not answer: `cluster unreachable: <cluster> (...)`. The
   * store keeps its status; nothing on it can run until the cluster is back.
   */
  clusterUnreachable?: string;
  /** Where it is in the state machine (`pending -> provisioning -> ready | failed`, and on). */
  status: StoreStatus;
  /** Why the store is in its status; set for `failed`, optional otherwise. May hold line breaks. */
  statusMessage?: string;
  /** The scaffolder task of its latest provisioning or operation, when there is one. */
  taskId?: string;
  /** The images it runs, as recorded by provisioning and upgrades. */
  images?: StoreImageRefs;
  /** True when it runs images other than the configured ones (the upgrade operation moves it). */
  upgradeAvailable?: boolean;
  /** The operation in flight, if any. */
  operation?: RunningOperation;
  /** How the last finished operation ended. */
  lastOperation?: OperationRecord;
  /** When it was registered (ISO 8601). */
  createdAt: string;
  /** When it last changed (ISO 8601). */
  updatedAt: string;
}

/**
 * One entry of a store's append-only history: its creation, a transition, or
 * an operation (which may leave the status as it was: `from === to`).
 *
 * @public
 */
export interface StoreEvent {
  /** Increasing with time, unique across stores. */
  id: number;
  /** The store it belongs to. */
  storeId: string;
  /** Null for the event that created the store. */
  from: StoreStatus | null;
  /** The status after it. */
  to: StoreStatus;
  /** What happened, in words (e.g. a failure's reason). */
  message?: string;
  /** The operation this entry records, if any. */
  operation?: StoreOperation;
  /** The scaffolder task behind it, if any. */
  taskId?: string;
  /** ISO 8601 */
  at: string;
}

/**
 * A page of results.
 *
 * @public
 */
export interface Page<T> {
  /** The results on this page, in the order asked for. */
  items: T[];
  /** How many results match in all pages. */
  totalCount: number;
  /** The page size used. */
  limit: number;
  /** Present when the page was asked for by offset. */
  offset?: number;
  /** Where the next page starts, when there is one (see ListStoresQuery.cursor). */
  nextCursor?: string;
}

/**
 * Whether a new store may take an id: `GET /store-ids/:id`.
 *
 * @public
 */
export interface StoreIdAvailability {
  /** The id asked about. */
  id: string;
  /** Whether a new store may take it now. */
  available: boolean;
  /** Why not, in words for the form: the rule broken, reserved, or taken. */
  reason?: string;
}

/**
 * A cluster stores may be placed on, as the store form lists it: `GET /clusters`.
 *
 * @public
 */
export interface StoreClusterSummary {
  /** Its name in `storePlatform.clusters`. */
  name: string;
  /** Its labels, which a template's cluster selector matches. */
  labels: Record<string, string>;
  /** At most this many stores; absent when unlimited. */
  capacity?: number;
  /** How many stores it holds now. */
  stores: number;
  /** Set while the backend sees it unreachable: `cluster unreachable: <name> (...)`. */
  unreachable?: string;
}
