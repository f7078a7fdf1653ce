import { Link } from '@backstage/core-components';

/** True when `url` parses as an http(s) URL, the only kind we make a link of. */
export function isHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The storefront URL as a link when it is http(s), otherwise as plain text. */
export function ExternalUrl(props: { url?: string }) {
  if (!props.url) return <>—</>;
  if (!isHttpUrl(props.url)) return <>{props.url}</>;
  return (
    <Link to={props.url} target="_blank" rel="noopener noreferrer">
      {props.url}
    </Link>
  );
}
