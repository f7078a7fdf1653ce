import StorefrontIcon from '@material-ui/icons/Storefront';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { storesPageRouteRef } from './routes';

/**
 * The stores page at `/stores`. Its title and icon make the app's nav list
 * it; the page draws its own header, so the app's plugin header is off.
 */
export const storesPage = PageBlueprint.make({
  params: {
    path: '/stores',
    title: 'Stores',
    icon: <StorefrontIcon fontSize="inherit" />,
    routeRef: storesPageRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/StoresPage').then(m => <m.StoresPage />),
  },
});
