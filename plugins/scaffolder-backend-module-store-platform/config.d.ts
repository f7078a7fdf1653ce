/**
 * What the `store:*` actions read. They read it through the node library
 * (`@store-platform/plugin-store-platform-node`), a dependency of this module,
 * whose configuration schema describes every field; this schema only names
 * the keys, so installing the module alone brings both.
 */
export interface Config {
  storePlatform?: {
    /**
     * The cluster stores are provisioned in when `clusters` is absent: in-cluster
     * or a kubeconfig file and context.
     */
    kubernetes?: object;
    /**
     * The clusters stores are placed on (docs/multi-cluster.md); `store:register`
     * offers them and each action reaches a store on its own cluster.
     */
    clusters?: object[];
    /**
     * How stores are provisioned, resized, upgraded, backed up and restored:
     * domain, images, sizes, timeouts, egress, backups, RBAC.
     */
    provisioning?: object;
  };
}
