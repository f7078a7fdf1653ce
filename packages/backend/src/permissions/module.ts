import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { StorePlatformPermissionPolicy } from './StorePlatformPermissionPolicy';

/** Installs {@link StorePlatformPermissionPolicy} as the permission backend's policy. */
export const storePlatformPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'store-platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          StorePlatformPermissionPolicy.fromConfig(config, userInfo),
        );
      },
    });
  },
});
