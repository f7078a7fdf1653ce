import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The owner as a link to its catalog entity; a ref that does not parse is shown as text. */
export function OwnerLink(props: { owner: string }) {
  try {
    const ref = parseEntityRef(props.owner);
    return <EntityRefLink entityRef={ref} />;
  } catch {
    return <>{props.owner}</>;
  }
}
