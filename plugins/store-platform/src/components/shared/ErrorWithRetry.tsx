import Button from '@material-ui/core/Button';
import { ResponseErrorPanel } from '@backstage/core-components';

/** An error from the backend, with a button to try again. */
export function ErrorWithRetry(props: {
  error: Error;
  title: string;
  onRetry: () => void;
}) {
  return (
    <>
      <ResponseErrorPanel error={props.error} title={props.title} />
      <Button variant="outlined" color="primary" onClick={props.onRetry}>
        Retry
      </Button>
    </>
  );
}
