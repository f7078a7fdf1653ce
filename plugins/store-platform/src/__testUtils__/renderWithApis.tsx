import { ReactNode } from 'react';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { StorePlatformApi, storePlatformApiRef } from '../api';

export interface RenderOptions {
  api: StorePlatformApi;
  /** Decision for every permission request; ALLOW unless given. */
  authorize?: Parameters<typeof mockApis.permission>[0] extends infer O
    ? O extends { authorize?: infer A }
      ? A
      : never
    : never;
  /** Catalog API (the stores page looks up store entities). */
  catalogApi?: unknown;
  /** Scaffolder API (the delete dialog runs a backup first); refuses every call unless given. */
  scaffolderApi?: unknown;
  entity?: Entity;
  /** Signals (live updates); the app has none unless given, as without the signals plugin. */
  signalApi?: SignalApi;
}

/** Renders `element` in a Backstage test app with the plugin's APIs provided. */
export function renderWithApis(element: ReactNode, options: RenderOptions) {
  const apis = [
    [storePlatformApiRef, options.api],
    [
      permissionApiRef,
      mockApis.permission({
        authorize: options.authorize ?? AuthorizeResult.ALLOW,
      }),
    ],
    [
      catalogApiRef,
      options.catalogApi ?? {
        getEntities: async () => ({ items: [] }),
        // Nothing is in the catalog: every ref asked for is missing.
        getEntitiesByRefs: async (req: { entityRefs: string[] }) => ({
          items: req.entityRefs.map(() => undefined),
        }),
      },
    ],
    [
      scaffolderApiRef,
      options.scaffolderApi ?? {
        scaffold: async () => {
          throw new Error('unexpected call to scaffold');
        },
        getTask: async () => {
          throw new Error('unexpected call to getTask');
        },
      },
    ],
    ...(options.signalApi ? [[signalApiRef, options.signalApi]] : []),
  ] as const;
  return renderInTestApp(
    <TestApiProvider apis={apis as any}>
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
