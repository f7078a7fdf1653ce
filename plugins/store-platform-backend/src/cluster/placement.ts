import { InputError } from '@backstage/errors';
import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import { ClusterPlacement } from '../database/StoreDatabase';

export interface PlacementRequest {
  /** The cluster asked for (the form's `cluster` field). */
  cluster?: string;
  /** Labels the cluster must carry (the template's `clusterSelector`). */
  clusterSelector?: Record<string, string>;
}

const describe = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

function matches(
  cluster: StoreClusterDefinition,
  selector: Record<string, string> = {},
) {
  return Object.entries(selector).every(([k, v]) => cluster.labels[k] === v);
}

function free(cluster: StoreClusterDefinition, placed: number): number {
  return cluster.capacity === undefined
    ? Number.POSITIVE_INFINITY
    : cluster.capacity - placed;
}

/**
 * The placement rule (see docs/multi-cluster.md). A named cluster must be
 * configured, carry the selector's labels and have room. Otherwise the
 * clusters that carry the selector's labels and have room compete: one that
 * answers beats one known unreachable, then the most free capacity wins
 * (unlimited beats any number), then the fewest stores, then the order of
 * `storePlatform.clusters`. Refusals are 400s naming the field, and since
 * placement runs inside the registering transaction, nothing is created.
 */
export function placementRule(
  clusters: readonly StoreClusterDefinition[],
  request: PlacementRequest,
  isUnreachable: (cluster: string) => boolean = () => false,
): ClusterPlacement {
  return counts => {
    const placed = (c: StoreClusterDefinition) => counts.get(c.name) ?? 0;
    const names = clusters.map(c => c.name).join(', ');
    if (request.cluster !== undefined) {
      const chosen = clusters.find(c => c.name === request.cluster);
      if (!chosen) {
        throw new InputError(
          `Invalid store: cluster: "${request.cluster}" is not a configured cluster; choose one of ${names}`,
        );
      }
      if (!matches(chosen, request.clusterSelector)) {
        throw new InputError(
          `Invalid store: cluster: ${
            chosen.name
          } does not carry the labels of clusterSelector (${describe(
            request.clusterSelector ?? {},
          )})`,
        );
      }
      if (free(chosen, placed(chosen)) <= 0) {
        throw new InputError(
          `Invalid store: cluster: ${chosen.name} is full (capacity ${
            chosen.capacity
          } stores, ${placed(
            chosen,
          )} placed); choose another cluster or leave it empty to place the store automatically`,
        );
      }
      return chosen.name;
    }
    const candidates = clusters.filter(c =>
      matches(c, request.clusterSelector),
    );
    if (candidates.length === 0) {
      throw new InputError(
        `Invalid store: clusterSelector: no configured cluster carries ${describe(
          request.clusterSelector ?? {},
        )} (clusters: ${names})`,
      );
    }
    const withRoom = candidates.filter(c => free(c, placed(c)) > 0);
    if (withRoom.length === 0) {
      throw new InputError(
        `Invalid store: cluster: every cluster that may take it is full (${candidates
          .map(c => `${c.name} ${placed(c)}/${c.capacity}`)
          .join(', ')}); delete a store or add capacity`,
      );
    }
    const ranked = [...withRoom].sort(
      (a, b) =>
        Number(isUnreachable(a.name)) - Number(isUnreachable(b.name)) ||
        free(b, placed(b)) - free(a, placed(a)) ||
        placed(a) - placed(b) ||
        clusters.indexOf(a) - clusters.indexOf(b),
    );
    return ranked[0].name;
  };
}
