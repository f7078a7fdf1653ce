import StorefrontIcon from '@material-ui/icons/Storefront';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { storePlatformApi } from './apis';
import { entityStoreCard } from './entityCards';
import { storeClusterFormField, storeIdFormField } from './formFields';
import { storesPage } from './pages';
import {
  storesPageRouteRef,
  taskPageExternalRouteRef,
  templateFormExternalRouteRef,
} from './routes';

/**
 * The store platform for apps on the new frontend system: the store API, the
 * store card on store entities, the stores page at `/stores` (in the nav),
 * and the `StoreId` and `StoreCluster` fields of the scaffolder's forms.
 *
 * @alpha
 */
export const storePlatformPlugin = createFrontendPlugin({
  pluginId: 'store-platform',
  title: 'Stores',
  icon: <StorefrontIcon fontSize="inherit" />,
  extensions: [
    storePlatformApi,
    entityStoreCard,
    storesPage,
    storeIdFormField,
    storeClusterFormField,
  ],
  routes: { root: storesPageRouteRef },
  externalRoutes: {
    templateForm: templateFormExternalRouteRef,
    taskPage: taskPageExternalRouteRef,
  },
});
