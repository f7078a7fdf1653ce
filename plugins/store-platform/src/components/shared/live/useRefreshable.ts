import { useCallback, useEffect, useRef, useState } from 'react';

export interface Refreshable<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  /** Reads again; asked while a read runs, it reads once more after it. */
  refresh: () => void;
}

/**
 * Like react-use's useAsyncRetry, but a refresh asked for while a read is in
 * flight is not dropped: that read may have started before the change it is
 * asked for, so one more read follows it. The last value stays shown while a
 * read runs; a failed read shows its error instead.
 */
export function useRefreshable<T>(
  read: () => Promise<T>,
  deps: unknown[],
): Refreshable<T> {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [loading, setLoading] = useState(true);
  const run = useRef<{ inFlight: boolean; again: boolean; read: typeof read }>({
    inFlight: false,
    again: false,
    read,
  });
  run.current.read = read;
  const generation = useRef(0);

  const start = useCallback(() => {
    const current = run.current;
    if (current.inFlight) {
      current.again = true;
      return;
    }
    current.inFlight = true;
    current.again = false;
    const mine = generation.current;
    setLoading(true);
    current
      .read()
      .then(
        value => ({ value }),
        error => ({ error: error as Error }),
      )
      .then(result => {
        current.inFlight = false;
        // Deps changed meanwhile: this answer is for something no longer shown.
        if (mine !== generation.current) return;
        setState(result);
        if (current.again) start();
        else setLoading(false);
      });
  }, []);

  useEffect(() => {
    generation.current += 1;
    run.current = { inFlight: false, again: false, read: run.current.read };
    start();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { ...state, loading, refresh: start };
}
