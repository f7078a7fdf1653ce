export interface Config {
  storePlatform?: {
    /**
     * Store ids nobody may register, besides the built-in `dashboard`, `api`
     * and `www` and the first label of the app's and backend's hosts.
     */
    reservedIds?: string[];
    /** The reconciler of the store registry (runs on one replica at a time). */
    reconciler?: {
      /** A store in pending or provisioning unchanged this long is marked failed. Default 30. */
      stuckAfterMinutes?: number;
      /** How often it runs. Default 30. */
      intervalSeconds?: number;
    };
    /** The catalog entity provider of stores. */
    catalog?: {
      /** Minutes between full syncs (deltas arrive as they happen). Default 5. */
      fullSyncMinutes?: number;
    };
  };
}
