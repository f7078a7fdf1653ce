import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import DeleteIcon from '@material-ui/icons/Delete';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  OPERATION_ALLOWED_FROM,
  Store,
  storeDeletePermission,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';
import { TaskLink } from '../shared/TaskLink';
import { runBackup } from './runBackup';
import { useConfirmedAction } from './useConfirmedAction';

/**
 * Delete, behind a confirmation dialog. Rendered only when the permission
 * framework allows `store.delete` on this store; the backend checks again.
 *
 * "Back up first" runs the store-backup template from the dialog and deletes
 * only once its task has completed, so a failed backup never ends in a
 * deleted store. The waiting happens in this page: leave it and the backup
 * still finishes, but the store stays (nothing is lost either way). The
 * dialog says plainly that backups live in the store's namespace and go with
 * it, so the user is not led to think deletion keeps them.
 */
export function DeleteStoreButton(props: {
  store: Store;
  onDeleted: (store: Store) => void;
  /** How often to ask whether the backup is done. */
  backupPollIntervalMs?: number;
}) {
  const { store, onDeleted } = props;
  const api = useApi(storePlatformApiRef);
  const scaffolderApi = useApi(scaffolderApiRef);
  const { allowed } = usePermission({
    permission: storeDeletePermission,
    resourceRef: store.id,
  });
  const { allowed: mayBackUp } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const canBackUp =
    mayBackUp &&
    !store.operation &&
    OPERATION_ALLOWED_FROM.backup.includes(store.status);
  const [backupFirst, setBackupFirst] = useState(false);
  const [backupTaskId, setBackupTaskId] = useState<string>();
  // Aborted when the dialog's card goes away: stop waiting, delete nothing.
  const mounted = useRef<AbortController>();
  useEffect(() => {
    const controller = new AbortController();
    mounted.current = controller;
    return () => controller.abort();
  }, []);

  const action = useConfirmedAction(async () => {
    if (backupFirst && canBackUp) {
      setBackupTaskId(undefined);
      await runBackup(scaffolderApi, store.id, {
        onStarted: setBackupTaskId,
        signal: mounted.current!.signal,
        pollIntervalMs: props.backupPollIntervalMs,
      });
    }
    const deleting = await api.deleteStore(store.id);
    action.hide();
    onDeleted(deleting);
  });
  const { open, busy, error, confirm } = action;
  const close = () => {
    if (action.close()) {
      setBackupFirst(false);
      setBackupTaskId(undefined);
    }
  };

  if (!allowed) return null;

  const backingUp = busy && backupFirst && canBackUp;
  let confirmLabel =
    backupFirst && canBackUp ? 'Back up, then delete' : 'Delete store';
  if (busy) confirmLabel = backingUp ? 'Backing up…' : 'Deleting…';

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
          {canBackUp && (
            <>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={backupFirst}
                    onChange={event => setBackupFirst(event.target.checked)}
                    disabled={busy}
                    color="primary"
                  />
                }
                label="Back up first"
              />
              <Typography variant="body2" color="textSecondary">
                Runs the store-backup template and deletes the store only once
                the backup has succeeded. Keep this page open until then: if you
                leave, the backup still finishes but the store is not deleted.
                Backups are kept in the store's namespace, so deleting the store
                deletes them too: to keep the data, clone the store from a
                backup (Operations, Restore or clone) before deleting.
              </Typography>
            </>
          )}
          {backupTaskId && (
            <Typography variant="body2" role="status">
              {backingUp ? 'Backing up: follow the ' : 'Backup: see the '}
              <TaskLink taskId={backupTaskId} label="backup's task log" />.
            </Typography>
          )}
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
            {confirmLabel}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
