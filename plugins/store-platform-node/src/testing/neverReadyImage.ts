import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';

/**
 * An image the simulated cluster never makes ready. kwok's stages make every
 * scheduled pod Ready whatever its image, so a MutatingAdmissionPolicy gives
 * pods of this image (and only these) a node selector no node matches: they
 * stay Pending, Unschedulable, as a pod whose image never starts would stay
 * unready. The policy is cluster-wide but matches one image reference that
 * nothing else uses; `remove()` deletes it.
 */
export async function installNeverReadyImage(
  kc: KubeConfig,
  name: string,
): Promise<{ image: string; remove(): Promise<void> }> {
  const image = `registry.invalid/store-platform-test/never-ready:${name}`;
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: `never-ready-${name}` },
    spec: {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE'],
            resources: ['pods'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'never-ready-image',
          expression: `object.spec.containers.exists(c, c.image == '${image}')`,
        },
      ],
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      mutations: [
        {
          patchType: 'JSONPatch',
          jsonPatch: {
            expression: `[JSONPatch{op: "add", path: "/spec/nodeSelector", value: {"store-platform.io/never-ready": "true"}}]`,
          },
        },
      ],
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: `never-ready-${name}` },
    spec: { policyName: `never-ready-${name}` },
  };
  await objects.create(policy);
  await objects.create(binding);
  // The API server loads policies asynchronously: probe until a pod of the image is mutated.
  await waitUntilEnforced(kc, image);
  return {
    image,
    async remove() {
      await objects.delete(binding).catch(() => undefined);
      await objects.delete(policy).catch(() => undefined);
    },
  };
}

async function waitUntilEnforced(kc: KubeConfig, image: string) {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pod = await objects.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: 'never-ready-probe-', namespace: 'default' },
        spec: { containers: [{ name: 'probe', image }] },
      } as any,
      undefined,
      'All',
    );
    if ((pod as any).spec?.nodeSelector?.['store-platform.io/never-ready'])
      return;
    if (Date.now() > deadline)
      throw new Error(
        `the MutatingAdmissionPolicy for ${image} was not enforced within 30 s`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}
