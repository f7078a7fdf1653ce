import Box from '@material-ui/core/Box';
import { Store } from '@store-platform/plugin-store-platform-common';
import { AdminCredentialsButton } from './AdminCredentialsButton';
import { ResetAdminPasswordButton } from './ResetAdminPasswordButton';

/** The owner's way into a ready store; each action shows only to those allowed. */
export function StoreAdminActions(props: { store: Store }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      <AdminCredentialsButton store={props.store} />
      <ResetAdminPasswordButton store={props.store} />
    </Box>
  );
}
