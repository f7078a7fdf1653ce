import { readFileSync } from 'node:fs';
import yaml from 'yaml';
import { realNodeAppConfig, realNodeImages } from './realNode';

/** Where the product's images are, once `scripts/images --load real-node` imported them. */
export interface PlatformImages {
  api: string;
  dashboard: string;
}

/** `repository:tag` (the tag after the last colon that follows the last slash) as chart values. */
export function imageValues(ref: string) {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon <= slash)
    throw new Error(`image reference ${ref} has no tag: the chart needs one`);
  return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}

/**
 * Values layered over `values-local.yaml` that fit the chart to the test cluster's real node:
 * the images built here (never pulled: there is no registry), the ingress controller the node
 * runs (Traefik, class `traefik`, namespace `ingress-traefik`), the StorageClass whose volumes
 * non-root pods can write, the test images the stores run (the same ones the realnode suites
 * use, from `scripts/test-cluster app-config`), and the dashboard's public URL with the ingress
 * controller's port. The same keys are what docs/deploy.md sets for kind, k3d or minikube.
 */
export function realNodeChartValues(
  images: PlatformImages,
  dashboardUrl: string,
) {
  const provisioning = yaml.parse(readFileSync(realNodeAppConfig(), 'utf8'))
    .storePlatform.provisioning;
  const testImages = realNodeImages();
  const postgresql = testImages.postgresql;
  if (!postgresql)
    throw new Error(
      'no postgresql test image on the real node (scripts/test-cluster.d/images/postgresql.sh)',
    );
  return {
    app: { baseUrl: dashboardUrl },
    ingress: {
      className: provisioning.ingressClassName,
      host: new URL(dashboardUrl).hostname,
    },
    api: { image: { ...imageValues(images.api), pullPolicy: 'Never' } },
    dashboard: {
      image: { ...imageValues(images.dashboard), pullPolicy: 'Never' },
    },
    provisioning: {
      ingressClassName: provisioning.ingressClassName,
      ingressControllerNamespace: provisioning.ingressControllerNamespace,
      storageClassName: provisioning.storageClassName,
      egress: provisioning.egress,
      images: provisioning.images,
    },
    postgresql: {
      enabled: true,
      image: { ...imageValues(postgresql), pullPolicy: 'Never' },
      persistence: {
        size: '1Gi',
        storageClassName: provisioning.storageClassName,
      },
    },
    tests: { image: testImages.busybox },
  };
}
