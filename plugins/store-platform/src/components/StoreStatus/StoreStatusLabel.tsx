import { ComponentType, PropsWithChildren } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { StoreStatus } from '@store-platform/plugin-store-platform-common';

/** How each status is shown: Backstage's status icon and a word for it. */
export const STORE_STATUS_DISPLAY: Record<
  StoreStatus,
  { label: string; Icon: ComponentType<PropsWithChildren<{}>> }
> = {
  pending: { label: 'Pending', Icon: StatusPending },
  provisioning: { label: 'Provisioning', Icon: StatusRunning },
  ready: { label: 'Ready', Icon: StatusOK },
  // Paused on purpose: not an error, not work in flight.
  suspended: { label: 'Suspended', Icon: StatusAborted },
  failed: { label: 'Failed', Icon: StatusError },
  deleting: { label: 'Deleting', Icon: StatusRunning },
};

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'baseline' },
});

/**
 * The status icon and its label. Backstage's Status components hide their
 * children from assistive technology (`aria-hidden`), so the label is
 * rendered beside the icon rather than inside it, where screen readers read it.
 */
export function StoreStatusLabel(props: { status: StoreStatus }) {
  const classes = useStyles();
  const { label, Icon } = STORE_STATUS_DISPLAY[props.status];
  return (
    <span className={classes.root}>
      <Icon />
      <span>{label}</span>
    </span>
  );
}
