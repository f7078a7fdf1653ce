import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { storePlatformApiRef, StorePlatformClient } from '../api';

/** The client of the store-platform backend, the same one the legacy plugin provides. */
export const storePlatformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: storePlatformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StorePlatformClient({ discoveryApi, fetchApi }),
    }),
});
