import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the app mounts the stores page (the reference app uses `/stores`). */
export const rootRouteRef = createRouteRef({ id: 'store-platform' });
