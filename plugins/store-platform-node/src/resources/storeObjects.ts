import {
  KubernetesObject,
  V1Ingress,
  V1Job,
  V1Namespace,
  V1Secret,
} from '@kubernetes/client-node';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { StoreSpec } from '../spec/storeSpec';
import { buildBootstrapJob } from './bootstrapJob';
import { BuildContext } from './context';
import { buildMariadbSecret } from './credentials';
import {
  buildMariadbData,
  buildMariadbService,
  buildMariadbStatefulSet,
} from './database';
import { buildStoreIngress } from './ingress';
import {
  buildLimitRange,
  buildNamespace,
  buildResourceQuota,
} from './namespace';
import { buildNetworkPolicies } from './networkPolicies';
import { StoreSecrets } from './secrets';
import {
  buildWordpressData,
  buildWordpressDeployment,
  buildWordpressService,
} from './storefront';

/**
 * Every object of one store, grouped by the provisioning step that applies it.
 *
 * @public
 */
export interface StoreObjects {
  /** The store's namespace. */
  namespace: V1Namespace;
  /** Quota, limits and network policies: in place before any pod exists. */
  policies: KubernetesObject[];
  /** The database and admin passwords. */
  secret: V1Secret;
  /** PVC, headless Service, StatefulSet. */
  database: KubernetesObject[];
  /** PVC, Deployment, Service. */
  storefront: KubernetesObject[];
  /** The Ingress of the storefront. */
  ingress: V1Ingress;
  /** The Job that installs WordPress and WooCommerce. */
  bootstrapJob: V1Job;
}

/**
 * Every object of a store, as its provisioning applies them.
 *
 * @public
 */
export function buildStoreObjects(
  ctx: BuildContext,
  secrets: StoreSecrets,
): StoreObjects {
  return {
    namespace: buildNamespace(ctx),
    policies: [
      buildResourceQuota(ctx),
      buildLimitRange(ctx),
      ...buildNetworkPolicies(ctx),
    ],
    secret: buildMariadbSecret(ctx, secrets),
    database: [
      buildMariadbData(ctx),
      buildMariadbService(ctx),
      buildMariadbStatefulSet(ctx),
    ],
    storefront: [
      buildWordpressData(ctx),
      buildWordpressDeployment(ctx),
      buildWordpressService(ctx),
    ],
    ingress: buildStoreIngress(ctx),
    bootstrapJob: buildBootstrapJob(ctx),
  };
}

/**
 * The same objects as a flat list, in the order they are created.
 *
 * @public
 */
export function flattenStoreObjects(objects: StoreObjects): KubernetesObject[] {
  return [
    objects.namespace,
    ...objects.policies,
    objects.secret,
    ...objects.database,
    ...objects.storefront,
    objects.ingress,
    objects.bootstrapJob,
  ];
}

/**
 * What a provisioning would create, for dry runs and reviews. The Secret holds
 * the placeholder `<generated>` instead of passwords.
 *
 * @public
 */
export function renderStoreManifests(
  spec: StoreSpec,
  config: ProvisioningConfig,
): KubernetesObject[] {
  return flattenStoreObjects(
    buildStoreObjects({ spec, config }, StoreSecrets.placeholder()),
  );
}
