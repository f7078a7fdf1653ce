export interface Config {
  storePlatform?: {
    /** The catalog entity provider of stores (this module). */
    catalog?: {
      /**
       * Minutes between full syncs, which repair anything missed and drop
       * deleted stores; changes arrive as they happen. Default 5.
       */
      fullSyncMinutes?: number;
    };
  };
}
