import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Store,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';
import { useConfirmedAction } from './useConfirmedAction';

/**
 * "Reset admin password", behind a confirmation: for those allowed
 * `store.update` on this store (the backend checks again). The new password
 * is not shown here; it is read with "Show admin credentials".
 */
export function ResetAdminPasswordButton(props: { store: Store }) {
  const { store } = props;
  const api = useApi(storePlatformApiRef);
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const [done, setDone] = useState(false);
  const action = useConfirmedAction(async () => {
    await api.resetAdminPassword(store.id);
    setDone(true);
  });
  const { open, busy, error, confirm } = action;

  if (!allowed || store.status !== 'ready') return null;

  const close = () => {
    if (action.close()) setDone(false);
  };

  return (
    <>
      <Button
        variant="outlined"
        startIcon={<RefreshIcon />}
        onClick={action.show}
      >
        Reset admin password
      </Button>
      <Dialog
        open={open}
        onClose={close}
        aria-labelledby="reset-admin-password-title"
        aria-describedby="reset-admin-password-description"
      >
        <DialogTitle id="reset-admin-password-title">
          Reset the admin password of {store.id}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="reset-admin-password-description">
            WordPress gets a new random password for its administrator; the
            current one stops working. Use Show admin credentials afterwards to
            see the new one.
          </DialogContentText>
          {done && (
            <Alert severity="success">
              The admin password was reset. Use Show admin credentials to see
              it.
            </Alert>
          )}
          {error && (
            <Alert severity="error">
              Could not reset the password: {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          {done ? (
            <Button onClick={close} color="primary" variant="contained">
              Done
            </Button>
          ) : (
            <>
              <Button onClick={close} disabled={busy}>
                Cancel
              </Button>
              <Button
                onClick={confirm}
                color="primary"
                variant="contained"
                disabled={busy}
              >
                {busy ? 'Resetting…' : 'Reset password'}
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
