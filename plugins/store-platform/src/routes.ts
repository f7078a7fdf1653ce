import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * Where the app mounts the stores page (the reference app uses `/stores`).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'store-platform' });

/**
 * A software template's form: bind to the scaffolder's `selectedTemplate`.
 * Optional: unbound, the card links to `/create/templates/...`, the
 * scaffolder's usual mount point.
 */
export const templateFormRouteRef = createExternalRouteRef({
  id: 'store-platform-template-form',
  params: ['namespace', 'templateName'],
  optional: true,
});

/**
 * A scaffolder task's page: bind to the scaffolder's `ongoingTask`.
 * Optional: unbound, the card links to `/create/tasks/:taskId`.
 */
export const taskPageRouteRef = createExternalRouteRef({
  id: 'store-platform-task-page',
  params: ['taskId'],
  optional: true,
});
