import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster stores are provisioned in, from `storePlatform.kubernetes`:
 * `{ mode: 'in-cluster' | 'kubeconfig', kubeconfigPath?, context? }`.
 * Default: the kubeconfig found the usual way (KUBECONFIG, ~/.kube/config), current context.
 *
 * @public
 */
export function kubeConfigFromConfig(config: Config): KubeConfig {
  const c = config.getOptionalConfig('storePlatform.kubernetes');
  const mode = c?.getOptionalString('mode') ?? 'kubeconfig';
  const kc = new KubeConfig();
  if (mode === 'in-cluster') {
    kc.loadFromCluster();
    return kc;
  }
  if (mode !== 'kubeconfig') {
    throw new InputError(
      'storePlatform.kubernetes.mode: must be in-cluster or kubeconfig',
    );
  }
  const path = c?.getOptionalString('kubeconfigPath');
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  const context = c?.getOptionalString('context');
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new InputError(
        `storePlatform.kubernetes.context: no context named ${JSON.stringify(
          context,
        )} in the kubeconfig`,
      );
    }
    kc.setCurrentContext(context);
  }
  return kc;
}
