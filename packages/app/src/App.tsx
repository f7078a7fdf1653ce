import { Navigate, Route } from 'react-router-dom';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { orgPlugin } from '@backstage/plugin-org';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import {
  StoreIdFieldExtension,
  StoreClusterFieldExtension,
  StoresPage,
  storePlatformPlugin,
} from '@store-platform/plugin-store-platform';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import { SignalsDisplay } from '@backstage/plugin-signals';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { apis } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';
import { ConfiguredSignInPage } from './signIn';

const app = createApp({
  apis,
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
      createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
    });
    bind(orgPlugin.externalRoutes, {
      catalogIndex: catalogPlugin.routes.catalogIndex,
    });
    // The store card's day-two buttons open templates and link to their tasks.
    bind(storePlatformPlugin.externalRoutes, {
      templateForm: scaffolderPlugin.routes.selectedTemplate,
      taskPage: scaffolderPlugin.routes.ongoingTask,
    });
  },
  components: {
    // Providers come from app.signIn.providers: guest locally, OIDC in production.
    SignInPage: ConfiguredSignInPage,
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/create" element={<ScaffolderPage />}>
      {/* The store form's id field: refuses reserved and taken ids before submitting. */}
      <ScaffolderFieldExtensions>
        <StoreIdFieldExtension />
        <StoreClusterFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
    <Route path="/stores" element={<StoresPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    {/* Installs the Signals API: the store card and stores page follow changes live. */}
    <SignalsDisplay />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
