import { CoreV1Event, KubeConfig } from '@kubernetes/client-node';
import { StoreKubernetesEvent } from '@store-platform/plugin-store-platform-common';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { RetryOptions, withRetry } from '../kube/retry';
import { OBJECT_NAMES, SECRET_KEYS, storeNamespace } from '../resources/names';
import { REDACTED } from '../resources/secrets';
import { ownerOf } from './namespaceOwnership';

/**
 * One Warning event of a store's namespace, as the card shows it.
 *
 * @public
 */
export type StoreWarningEvent = StoreKubernetesEvent;

/** The newest events returned; a namespace in trouble repeats itself. */
export const MAX_WARNING_EVENTS = 50;
/** Events read from the API server at most (one page). */
const READ_LIMIT = 500;
/** A message longer than this is cut: the card shows a summary, not a dump. */
const MAX_MESSAGE_LENGTH = 1000;

const orUndefined = <T>(p: Promise<T>) =>
  p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));

function lastSeenOf(event: CoreV1Event): string {
  const when =
    event.lastTimestamp ??
    event.series?.lastObservedTime ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  return when ? new Date(when).toISOString() : new Date(0).toISOString();
}

/**
 * Removes the store's generated passwords from a message, should an event
 * ever quote one (a container's command line or environment in a failure
 * message), and bounds its length.
 */
function maskMessage(message: string, secrets: string[]): string {
  let masked = message;
  for (const secret of secrets) masked = masked.split(secret).join(REDACTED);
  return masked.length > MAX_MESSAGE_LENGTH
    ? `${masked.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : masked;
}

/**
 * What Kubernetes warns about in the store's namespace now (failed
 * scheduling, image pulls, probes, back-offs), newest first, at most
 * `limit`. Empty when the namespace does not exist or is not this
 * install's (`installation`): another install's warnings are not ours to show.
 * Generated passwords never appear in a message.
 */
export async function listWarningEvents(
  kubeConfig: KubeConfig,
  storeId: string,
  options: RetryOptions & { installation: string; limit?: number },
): Promise<StoreWarningEvent[]> {
  const { core } = kubeClients(kubeConfig);
  const namespace = storeNamespace(storeId);
  const ns = await withRetry(
    `read Namespace ${namespace}`,
    () => orUndefined(core.readNamespace({ name: namespace })),
    options,
  );
  if (!ns || ownerOf(ns, options.installation).owner !== 'this') return [];

  const [events, secret] = await Promise.all([
    withRetry(
      `list Warning events of ${namespace}`,
      () =>
        core.listNamespacedEvent({
          namespace,
          fieldSelector: 'type=Warning',
          limit: READ_LIMIT,
        }),
      options,
    ),
    withRetry(
      `read Secret ${namespace}/${OBJECT_NAMES.mariadbSecret}`,
      () =>
        orUndefined(
          core.readNamespacedSecret({
            name: OBJECT_NAMES.mariadbSecret,
            namespace,
          }),
        ),
      options,
    ),
  ]);
  // The passwords only: the Secret's other values (user names) are not secret.
  const secrets = Object.values(SECRET_KEYS)
    .map(key => secret?.data?.[key])
    .filter((value): value is string => !!value)
    .map(value => Buffer.from(value, 'base64').toString('utf8'));

  return events.items
    .map(event => ({
      reason: event.reason ?? 'Unknown',
      object: `${event.involvedObject.kind ?? 'Object'}/${
        event.involvedObject.name ?? ''
      }`,
      message: maskMessage(event.message ?? '', secrets),
      count: event.count ?? event.series?.count ?? 1,
      lastSeen: lastSeenOf(event),
    }))
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, options.limit ?? MAX_WARNING_EVENTS);
}
