/** What the cluster says about a store's Kubernetes objects. */
export interface StoreInspection {
  namespace: 'present' | 'absent' | 'terminating';
  storefront: 'present' | 'absent';
}

/**
 * The part of `@internal/plugin-store-platform-node`'s `StoreCluster` this
 * plugin needs: deleting a store's namespace and looking at what is left.
 * Narrow on purpose, so unit tests can pass a fake.
 */
export interface StoreClusterOps {
  /** Deletes the store's namespace and resolves once it is gone. */
  deleteStore(
    storeId: string,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void>;
  inspectStore(storeId: string): Promise<StoreInspection>;
}
