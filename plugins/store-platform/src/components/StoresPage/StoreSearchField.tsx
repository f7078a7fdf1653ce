import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { MAX_STORE_SEARCH_LENGTH } from '@store-platform/plugin-store-platform-common';

/** Typing pauses this long before the server is asked: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 300;

// The theme's secondary text on the page background is below 4.5:1 at the
// shrunk label's size (axe color-contrast, checked in Chromium).
const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));

/** Searches store ids and titles on the server once typing pauses. */
export function StoreSearchField(props: {
  value: string;
  onSearch: (search: string) => void;
}) {
  const classes = useStyles();
  const [text, setText] = useState(props.value);
  useDebounce(() => props.onSearch(text.trim()), SEARCH_DEBOUNCE_MS, [text]);
  return (
    <TextField
      id="store-search"
      type="search"
      label="Search"
      placeholder="Store id or title"
      variant="outlined"
      size="small"
      value={text}
      onChange={event => setText(event.target.value)}
      inputProps={{ maxLength: MAX_STORE_SEARCH_LENGTH }}
      InputLabelProps={{ shrink: true, className: classes.label }}
    />
  );
}
