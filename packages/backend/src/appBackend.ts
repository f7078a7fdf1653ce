import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import appBackend from '@backstage/plugin-app-backend';

/**
 * Serves the built app (the `app` package's dist) from this backend, only when
 * `app.servedByBackend` is true: local end-to-end runs and single-process installs.
 * The images split the two: the dashboard image serves the app at `/`, and the
 * api image carries no app bundle, where app-backend would find nothing to serve.
 */
export const appBackendWhenServingTheApp = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.getOptionalBoolean('app.servedByBackend')) {
      yield appBackend;
    }
  },
});
