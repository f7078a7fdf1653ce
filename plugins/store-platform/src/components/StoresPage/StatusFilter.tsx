import TextField from '@material-ui/core/TextField';
import {
  STORE_STATUSES,
  StoreStatus,
} from '@internal/plugin-store-platform-common';
import { STORE_STATUS_DISPLAY } from '../StoreStatus';

const ALL = '';

/** Chooses one status to list, or all of them. */
export function StatusFilter(props: {
  value: StoreStatus | undefined;
  onChange: (status: StoreStatus | undefined) => void;
}) {
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
      InputLabelProps={{ shrink: true }}
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
