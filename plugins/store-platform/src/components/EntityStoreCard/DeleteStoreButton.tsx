import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import DeleteIcon from '@material-ui/icons/Delete';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Store,
  storeDeletePermission,
} from '@internal/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';
import { useConfirmedAction } from './useConfirmedAction';

/**
 * Delete, behind a confirmation dialog. Rendered only when the permission
 * framework allows `store.delete` on this store; the backend checks again.
 */
export function DeleteStoreButton(props: {
  store: Store;
  onDeleted: (store: Store) => void;
}) {
  const { store, onDeleted } = props;
  const api = useApi(storePlatformApiRef);
  const { allowed } = usePermission({
    permission: storeDeletePermission,
    resourceRef: store.id,
  });
  const action = useConfirmedAction(async () => {
    const deleting = await api.deleteStore(store.id);
    action.hide();
    onDeleted(deleting);
  });
  const { open, busy, error, close, confirm } = action;

  if (!allowed) return null;

  return (
    <>
      <Button
        color="secondary"
        variant="outlined"
        startIcon={<DeleteIcon />}
        onClick={action.show}
        disabled={store.status === 'deleting'}
      >
        Delete
      </Button>
      <Dialog
        open={open}
        onClose={close}
        aria-labelledby="delete-store-title"
        aria-describedby="delete-store-description"
      >
        <DialogTitle id="delete-store-title">
          Delete store {store.id}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="delete-store-description">
            This deletes the namespace {store.namespace} and everything in it,
            the store's data included. It cannot be undone.
          </DialogContentText>
          {error && <Alert severity="error">Could not delete: {error}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button
            onClick={confirm}
            color="secondary"
            variant="contained"
            disabled={busy}
          >
            {busy ? 'Deleting…' : 'Delete store'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
