import { useState } from 'react';
import { describeError } from '../../api';

/**
 * The state of a button that opens a confirmation dialog and runs an action
 * on confirm: open or not, busy while it runs, and its error in words. The
 * dialog cannot be closed while the action runs.
 */
export function useConfirmedAction(run: () => Promise<void>) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return {
    open,
    busy,
    error,
    show: () => setOpen(true),
    /** Closes the dialog and forgets its error; ignored while busy. */
    close: () => {
      if (busy) return false;
      setOpen(false);
      setError(undefined);
      return true;
    },
    /** Closes the dialog whatever the state (e.g. once the action is done). */
    hide: () => setOpen(false),
    confirm: async () => {
      setBusy(true);
      setError(undefined);
      try {
        await run();
      } catch (e) {
        setError(describeError(e));
      } finally {
        setBusy(false);
      }
    },
  };
}
