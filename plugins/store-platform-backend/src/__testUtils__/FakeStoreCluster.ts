import { StoreClusterOps, StoreInspection } from '../cluster/StoreClusterOps';

/** An in-memory cluster for unit tests: namespaces exist until deleted. */
export class FakeStoreCluster implements StoreClusterOps {
  readonly namespaces = new Map<string, StoreInspection>();
  readonly deleted: string[] = [];
  /** When set, deleteStore fails with this message. */
  failDeletion?: string;
  /** When set, deleteStore waits for this promise before finishing. */
  holdDeletion?: Promise<void>;

  addStore(storeId: string, inspection: Partial<StoreInspection> = {}) {
    this.namespaces.set(storeId, {
      namespace: 'present',
      storefront: 'present',
      ...inspection,
    });
  }

  async deleteStore(storeId: string): Promise<void> {
    await this.holdDeletion;
    if (this.failDeletion) throw new Error(this.failDeletion);
    this.namespaces.delete(storeId);
    this.deleted.push(storeId);
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
