export interface Config {
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
