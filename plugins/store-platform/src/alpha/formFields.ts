import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: StoreId` in the scaffolder's forms: the id rule, reserved and taken ids. */
export const storeIdFormField = FormFieldBlueprint.make({
  name: 'store-id',
  params: {
    field: () =>
      import('../components/StoreIdField').then(m =>
        createFormField({
          name: 'StoreId',
          component: m.StoreIdField,
          validation: m.validateStoreId,
        }),
      ),
  },
});

/** `ui:field: StoreCluster` in the scaffolder's forms: the clusters with their load. */
export const storeClusterFormField = FormFieldBlueprint.make({
  name: 'store-cluster',
  params: {
    field: () =>
      import('../components/StoreClusterField').then(m =>
        createFormField({
          name: 'StoreCluster',
          component: m.StoreClusterField,
        }),
      ),
  },
});
