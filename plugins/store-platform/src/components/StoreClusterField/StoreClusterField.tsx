import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { StoreClusterSummary } from '@store-platform/plugin-store-platform-common';
import useAsync from 'react-use/esm/useAsync';
import { storePlatformApiRef } from '../../api';

const isFull = (c: StoreClusterSummary) =>
  c.capacity !== undefined && c.stores >= c.capacity;

/** How a cluster reads in the list: its load, and why it cannot be chosen. */
export function clusterLabel(cluster: StoreClusterSummary): string {
  const load =
    cluster.capacity === undefined
      ? `${cluster.stores} ${cluster.stores === 1 ? 'store' : 'stores'}`
      : `${cluster.stores} of ${cluster.capacity} stores`;
  const notes = [
    isFull(cluster) && 'full',
    cluster.unreachable && 'unreachable',
  ].filter(Boolean);
  return `${cluster.name} (${load})${
    notes.length ? ` — ${notes.join(', ')}` : ''
  }`;
}

/**
 * The Cluster field of the store form (`ui:field: StoreCluster`): the
 * clusters the backend places stores on, with their load, or "Automatic".
 * A full cluster cannot be picked; the backend checks again when the store
 * is registered, so a stale list only costs a clear refusal.
 */
export function StoreClusterField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    rawErrors = [],
    required,
    formData,
    idSchema,
    schema: { title = 'Cluster', description },
  } = props;
  const api = useApi(storePlatformApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  let helperText = description;
  if (clusters.error) {
    helperText = `Could not list the clusters (${clusters.error.message}); leave empty to place the store automatically`;
  }
  if (rawErrors.length > 0) helperText = rawErrors.join('; ');
  return (
    <TextField
      id={idSchema?.$id}
      select={!clusters.error}
      label={title}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      error={rawErrors.length > 0}
      helperText={helperText}
      margin="normal"
      fullWidth
    >
      {!clusters.error && [
        <MenuItem key="" value="">
          Automatic (by free capacity)
        </MenuItem>,
        ...(clusters.value ?? []).map(cluster => (
          <MenuItem
            key={cluster.name}
            value={cluster.name}
            disabled={isFull(cluster)}
          >
            {clusterLabel(cluster)}
          </MenuItem>
        )),
      ]}
    </TextField>
  );
}
