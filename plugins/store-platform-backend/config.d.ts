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
      /**
       * How long one run may hold the scheduler's global lease. A replica killed
       * mid-run delays the next run on another replica by up to this plus a
       * minute (the scheduler's janitor). Default 300.
       */
      timeoutSeconds?: number;
    };
    /**
     * Deletions across replicas: each runs on one replica under a claim in the
     * database; a dead replica's deletion is taken over within
     * takeOverAfterSeconds + sweepSeconds (40 s by default).
     */
    deletion?: {
      /** How often the replica running a deletion refreshes its claim. Default 5. */
      heartbeatSeconds?: number;
      /** A claim silent this long is taken over; at least twice heartbeatSeconds. Default 30. */
      takeOverAfterSeconds?: number;
      /** How often every replica looks for deletions nobody runs. Default 10. */
      sweepSeconds?: number;
    };
    /**
     * Deletes namespaces left by a registration whose store was deleted (a
     * provisioning step that outran the deletion), on one replica at a time.
     */
    leftoverSweep?: {
      /** How often it looks. Default 60. */
      intervalSeconds?: number;
    };
    /**
     * Every replica probes every cluster of `storePlatform.clusters` (GET /version, 3 s
     * timeout); a store on one that does not answer reads `clusterUnreachable` (docs/multi-cluster.md).
     */
    clusterHealth?: {
      /** How often. Default 10. */
      intervalSeconds?: number;
    };
    /**
     * Live updates: every store change is pushed to browsers through Backstage
     * Signals (docs/live-updates.md).
     */
    liveUpdates?: {
      /**
       * Seconds between the heartbeats each replica broadcasts; a browser that
       * hears none for three of them says it is not live and re-reads slowly. Default 5.
       */
      heartbeatSeconds?: number;
    };
  };
}
