import { NotFoundError } from '@backstage/errors';
import { AdminCredentials } from '@store-platform/plugin-store-platform-node';
import { StoreClusterOps, StoreInspection } from '../cluster/StoreClusterOps';

/** An in-memory cluster for unit tests: namespaces exist until deleted. */
export class FakeStoreCluster implements StoreClusterOps {
  readonly namespaces = new Map<string, StoreInspection>();
  readonly deleted: string[] = [];
  /** When set, deleteStore fails with this message. */
  failDeletion?: string;
  /** When set, deleteStore waits for this promise before finishing. */
  holdDeletion?: Promise<void>;
  /** WordPress admin passwords by store id, as the stores' Secrets hold them. */
  readonly adminPasswords = new Map<string, string>();
  /** Store ids whose admin password was reset, in order. */
  readonly resets: string[] = [];

  addStore(storeId: string, inspection: Partial<StoreInspection> = {}) {
    this.namespaces.set(storeId, {
      namespace: 'present',
      storefront: 'present',
      ...inspection,
    });
  }

  /** The abort signal each deletion was given, by store id. */
  readonly deleteSignals = new Map<string, AbortSignal | undefined>();

  async deleteStore(
    storeId: string,
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    this.deleteSignals.set(storeId, options?.signal);
    await this.holdDeletion;
    if (this.failDeletion) throw new Error(this.failDeletion);
    this.namespaces.delete(storeId);
    this.deleted.push(storeId);
  }

  async readAdminCredentials(
    storeId: string,
  ): Promise<AdminCredentials | undefined> {
    const password = this.adminPasswords.get(storeId);
    return password === undefined
      ? undefined
      : new AdminCredentials('admin', password);
  }

  async resetAdminPassword(storeId: string): Promise<void> {
    if (!this.adminPasswords.has(storeId)) {
      throw new NotFoundError(`store ${storeId} has no admin credentials`);
    }
    this.adminPasswords.set(storeId, `reset-${this.resets.length + 1}-pw`);
    this.resets.push(storeId);
  }

  /** Warning events by store id, newest first, as listWarningEvents returns them. */
  readonly warningEvents = new Map<
    string,
    Awaited<ReturnType<StoreClusterOps['listWarningEvents']>>
  >();

  async listWarningEvents(storeId: string) {
    return this.warningEvents.get(storeId) ?? [];
  }

  /** Backups by store id, newest first, as listBackups returns them. */
  readonly backups = new Map<
    string,
    Awaited<ReturnType<StoreClusterOps['listBackups']>>
  >();

  async listBackups(storeId: string) {
    return this.backups.get(storeId) ?? [];
  }

  /** Namespaces with a registration label, as listRegisteredNamespaces returns them. */
  readonly registeredNamespaces: Awaited<
    ReturnType<StoreClusterOps['listRegisteredNamespaces']>
  > = [];
  /** Names of the namespaces deleteLeftoverNamespace deleted, in order. */
  readonly leftoversDeleted: string[] = [];

  async listRegisteredNamespaces(registrations: readonly string[]) {
    return this.registeredNamespaces.filter(ns =>
      registrations.includes(ns.registration),
    );
  }

  async deleteLeftoverNamespace(ns: { name: string; uid: string }) {
    const at = this.registeredNamespaces.findIndex(
      n => n.name === ns.name && n.uid === ns.uid,
    );
    if (at < 0) return 'gone' as const;
    this.registeredNamespaces.splice(at, 1);
    this.leftoversDeleted.push(ns.name);
    return 'deleted' as const;
  }

  async inspectStore(storeId: string): Promise<StoreInspection> {
    return (
      this.namespaces.get(storeId) ?? {
        namespace: 'absent',
        storefront: 'absent',
      }
    );
  }
}
