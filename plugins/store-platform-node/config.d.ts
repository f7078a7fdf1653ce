export interface Config {
  storePlatform?: {
    /** Which cluster stores are provisioned in. */
    kubernetes?: {
      /** `kubeconfig` (default, current context) or `in-cluster` (the backend's ServiceAccount). */
      mode?: 'in-cluster' | 'kubeconfig';
      /** Default: KUBECONFIG, then ~/.kube/config. */
      kubeconfigPath?: string;
      /** Default: the kubeconfig's current context. */
      context?: string;
    };
    /**
     * The clusters stores are placed on (see docs/multi-cluster.md). Without it there is one
     * cluster, `default`, reached as `kubernetes` says. Each store records its cluster.
     */
    clusters?: Array<{
      /** DNS-1123 label, recorded on the store and in its `backstage.io/kubernetes-cluster` annotation. */
      name: string;
      /** Reach it through a kubeconfig (default: KUBECONFIG / ~/.kube/config, current context). */
      kubeconfig?: { path?: string; context?: string };
      /** Or by API server URL with a service-account token. */
      url?: string;
      /** The API server's CA (base64 PEM), or a file holding it. */
      caData?: string;
      caFile?: string;
      /** The token, from a Secret in a cluster listed earlier (default: the first). */
      serviceAccountToken?: {
        secretNamespace: string;
        secretName: string;
        /** Default `token`. */
        key?: string;
        /** Default: the first listed cluster. */
        cluster?: string;
      };
      /** Or from a file (e.g. a projected token). */
      tokenFile?: string;
      /** Matched by the template's `clusterSelector`. */
      labels?: { [key: string]: string };
      /** At most this many stores (any status); unlimited when absent. */
      capacity?: number;
      /** Who may place stores on it (user or group entity refs, store.cluster.use); everyone when absent. */
      users?: string[];
    }>;
    /** How stores are provisioned. */
    provisioning?: {
      /**
       * Which install of the platform this is: the value of the `store-platform.io/installation`
       * label on its store namespaces; it changes or deletes no other. Up to 63 characters
       * (a label value). The Helm chart sets `<release>.<release namespace>`. Default `local`.
       */
      installation?: string;
      /** Stores are served at `<store-id>.<domain>`. Default `localhost`. */
      domain?: string;
      /** Scheme of the storefront URL shown to users. Default `http`. */
      scheme?: 'http' | 'https';
      /** IngressClass of the store Ingress. Default: the cluster's default class. */
      ingressClassName?: string;
      /** Namespace of the ingress controller, the only source allowed in to WordPress. Default `ingress-nginx`. */
      ingressControllerNamespace?: string;
      /** Namespace of the cluster DNS, where every store pod may send DNS queries. Default `kube-system`. */
      dnsNamespace?: string;
      /** StorageClass of the store PVCs. Default: the cluster's default class. */
      storageClassName?: string;
      /** Port the WordPress image listens on (unprivileged). Default 8080. */
      wordpressPort?: number;
      /** Pod Security level enforced in store namespaces. Default `restricted`. */
      podSecurity?: 'baseline' | 'restricted';
      /** Images; defaults are those of the original design. */
      images?: {
        /** Default `mariadb:10.11`. */
        mariadb?: string;
        /** Default `busybox:1.36`. */
        busybox?: string;
        /** Default `wordpress:cli`. */
        wpCli?: string;
        /** Default `store-platform-wordpress-woocommerce:latest`. */
        wordpress?: string;
      };
      /**
       * Outbound traffic of the storefront (WordPress): DNS, its database and the internet
       * except the ranges below. Every other store pod reaches only DNS (and, for the bootstrap
       * Job, the database), whatever is set here.
       */
      egress?: {
        /** When true, no internet: the storefront reaches only DNS, its database and `allowedCidrs`. Default false. */
        restrict?: boolean;
        /**
         * The cluster's pod and service ranges, never reached through the internet rule. Default:
         * the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7
         * (they hold the defaults of kind, k3s, minikube, kubeadm and managed clusters).
         */
        clusterCidrs?: string[];
        /** Further ranges never reached through the internet rule. Default: link-local 169.254.0.0/16 and fe80::/10 (cloud metadata). */
        deniedCidrs?: string[];
        /** Always reachable, even inside the ranges above (e.g. a mail relay, payment providers). Default none. */
        allowedCidrs?: string[];
      };
      /** Milliseconds. */
      timeouts?: {
        databaseReadyMs?: number;
        storefrontReadyMs?: number;
        bootstrapMs?: number;
        deleteMs?: number;
        /** A backup Job (template `store-backup`). Default 30 minutes. */
        backupMs?: number;
        /** A restore Job, a clone's copy included (template `store-restore`). Default 30 minutes. */
        restoreMs?: number;
      };
      /** Backups of stores (template `store-backup`), kept in a volume in each store's namespace. */
      backups?: {
        /**
         * How many succeeded backups each store keeps (1 to 50); older ones are removed after
         * each successful backup. Default 5.
         */
        retention?: number;
      };
      /**
       * Set by the Helm chart: right after creating a store namespace, bind this ClusterRole to
       * this ServiceAccount there (the platform's only rights inside store namespaces).
       */
      rbac?: {
        clusterRoleName: string;
        serviceAccount: { name: string; namespace: string };
      };
    };
  };
}
