import { useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import Visibility from '@material-ui/icons/Visibility';
import VisibilityOff from '@material-ui/icons/VisibilityOff';
import { CopyTextButton, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AdminCredentialsResponse,
  Store,
  storeAdminUrl,
  storeCredentialsReadPermission,
} from '@store-platform/plugin-store-platform-common';
import { describeError, storePlatformApiRef } from '../../api';
import { ExternalUrl, isHttpUrl } from '../shared/ExternalUrl';

function CredentialField(props: {
  label: string;
  value: string;
  secret?: boolean;
}) {
  const { label, value, secret } = props;
  const [shown, setShown] = useState(false);
  return (
    <Box display="flex" alignItems="center" mb={2}>
      <TextField
        id={`admin-credentials-${label.toLowerCase().replace(/\W+/g, '-')}`}
        label={label}
        value={value}
        type={secret && !shown ? 'password' : 'text'}
        variant="outlined"
        size="small"
        fullWidth
        InputProps={{
          readOnly: true,
          endAdornment: secret ? (
            <InputAdornment position="end">
              <IconButton
                aria-label={shown ? `Hide ${label}` : `Show ${label}`}
                onClick={() => setShown(!shown)}
                edge="end"
              >
                {shown ? <VisibilityOff /> : <Visibility />}
              </IconButton>
            </InputAdornment>
          ) : undefined,
        }}
      />
      <CopyTextButton
        text={value}
        aria-label={`Copy ${label}`}
        tooltipText={`${label} copied`}
      />
    </Box>
  );
}

/**
 * "Show admin credentials": for those allowed `store.credentials.read` on this
 * store (the backend checks again). The credentials are fetched when the
 * dialog opens, live only in this component's state while it is open, and
 * are dropped when it closes.
 */
export function AdminCredentialsButton(props: { store: Store }) {
  const { store } = props;
  const api = useApi(storePlatformApiRef);
  const { allowed } = usePermission({
    permission: storeCredentialsReadPermission,
    resourceRef: store.id,
  });
  const [open, setOpen] = useState(false);
  const [credentials, setCredentials] = useState<AdminCredentialsResponse>();
  const [error, setError] = useState<string>();
  // Answers to a request made before the dialog was closed are dropped.
  const request = useRef(0);

  if (!allowed || store.status !== 'ready') return null;

  const show = async () => {
    const current = ++request.current;
    setOpen(true);
    setCredentials(undefined);
    setError(undefined);
    try {
      const answer = await api.getAdminCredentials(store.id);
      if (request.current === current) setCredentials(answer);
    } catch (e) {
      if (request.current === current) setError(describeError(e));
    }
  };

  const close = () => {
    request.current++;
    setOpen(false);
    setCredentials(undefined);
    setError(undefined);
  };

  const adminUrl = storeAdminUrl(store);
  return (
    <>
      <Button variant="outlined" startIcon={<VpnKeyIcon />} onClick={show}>
        Show admin credentials
      </Button>
      <Dialog
        open={open}
        onClose={close}
        aria-labelledby="admin-credentials-title"
        aria-describedby="admin-credentials-description"
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id="admin-credentials-title">
          Admin credentials of {store.id}
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="admin-credentials-description">
            The WordPress administrator of this store. Reading them is recorded.
            Sign in at{' '}
            {isHttpUrl(adminUrl) ? <ExternalUrl url={adminUrl} /> : adminUrl}
          </DialogContentText>
          {error && (
            <Alert severity="error">
              Could not read the credentials: {error}
            </Alert>
          )}
          {!error && !credentials && <Progress />}
          {credentials && (
            <>
              <CredentialField label="User name" value={credentials.username} />
              <CredentialField
                label="Password"
                value={credentials.password}
                secret
              />
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
