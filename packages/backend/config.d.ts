export interface Config {
  app?: {
    /**
     * Whether this backend serves the built app (the `app` package's dist, through
     * app-backend) at its own origin. Default false: in a cluster the dashboard image serves
     * the app and the api image has no app bundle. Local end-to-end runs set it, with
     * packages/app built.
     */
    servedByBackend?: boolean;
  };
  storePlatform?: {
    /** The reference permission policy (src/permissions/StorePlatformPermissionPolicy.ts). */
    permissions?: {
      /**
       * User or group entity refs (e.g. `group:default/platform-admins`) that may
       * delete and operate any store, use every cluster and delete any catalog
       * entity. Default `[group:default/platform-admins]`.
       */
      admins?: string[];
    };
  };
}
