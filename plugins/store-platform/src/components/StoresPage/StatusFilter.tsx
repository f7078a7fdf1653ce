import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  STORE_STATUSES,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { STORE_STATUS_DISPLAY } from '../StoreStatus';

const ALL = '';

// The theme's secondary text on the page background is below 4.5:1 at the
// shrunk label's size (axe color-contrast, checked in Chromium).
const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));

/** Chooses one status to list, or all of them. */
export function StatusFilter(props: {
  value: StoreStatus | undefined;
  onChange: (status: StoreStatus | undefined) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id="store-status-filter"
      label="Status"
      variant="outlined"
      size="small"
      value={props.value ?? ALL}
      onChange={event => {
        const value = event.target.value;
        props.onChange(value === ALL ? undefined : (value as StoreStatus));
      }}
      SelectProps={{ native: true }}
      // A native select always shows a value; an unshrunk label would sit on it.
      InputLabelProps={{ shrink: true, className: classes.label }}
    >
      <option value={ALL}>All</option>
      {STORE_STATUSES.map(status => (
        <option key={status} value={status}>
          {STORE_STATUS_DISPLAY[status].label}
        </option>
      ))}
    </TextField>
  );
}
