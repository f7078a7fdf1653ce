import {
  coreServices,
  createBackendPlugin,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { appBackendWhenServingTheApp } from './appBackend';

// What the app's config schema requires, when a built app is there to check it.
const baseUrls = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
};

/** The plugins a backend with the loader and `app` config ends up with. */
async function installedPlugins(app: object): Promise<string[]> {
  let metadata: RootInstanceMetadataService | undefined;
  const probe = createBackendPlugin({
    pluginId: 'probe',
    register(reg) {
      reg.registerInit({
        deps: { metadata: coreServices.rootInstanceMetadata },
        async init(deps) {
          metadata = deps.metadata;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      appBackendWhenServingTheApp,
      probe,
      mockServices.rootConfig.factory({
        data: { ...baseUrls, app: { ...baseUrls.app, ...app } },
      }),
    ],
  });
  try {
    return (await metadata!.getInstalledPlugins()).map(p => p.pluginId);
  } finally {
    await backend.stop();
  }
}

describe('appBackendWhenServingTheApp', () => {
  it('adds app-backend only when app.servedByBackend is true', async () => {
    expect(await installedPlugins({})).not.toContain('app');
    expect(await installedPlugins({ servedByBackend: false })).not.toContain(
      'app',
    );
    expect(await installedPlugins({ servedByBackend: true })).toContain('app');
  });
});
