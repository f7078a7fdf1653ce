import { BlockList, isIP } from 'node:net';

/**
 * Answers "may A reach B on port P" for a modelled cluster (namespaces, pods
 * with addresses) under a set of NetworkPolicies, with the semantics of the
 * Kubernetes documentation (concepts/services-networking/network-policies):
 *
 * - a pod is isolated for ingress (egress) only when some policy of its
 *   namespace selects it and lists Ingress (Egress) in `policyTypes`;
 *   `policyTypes` left out means Ingress, plus Egress when the policy has
 *   egress rules;
 * - an isolated pod allows a connection when any rule of any policy selecting
 *   it matches (policies are additive, never subtractive);
 * - pod-to-pod traffic needs both the source's egress and the destination's
 *   ingress; traffic to or from an address outside the pods is judged on the
 *   pod's side only;
 * - a peer's `podSelector` alone selects pods of the policy's namespace,
 *   `namespaceSelector` alone every pod of the matching namespaces, both
 *   together the matching pods of the matching namespaces, `ipBlock` an
 *   address range minus its `except` ranges; an empty selector matches all;
 * - a rule without peers matches every peer, without ports every port; a port
 *   entry defaults to TCP, a named port matches the destination pod's
 *   container port of that name and protocol, `endPort` makes a range;
 * - a pod always reaches itself (loopback cannot be blocked).
 *
 * Whether `ipBlock` also matches pod addresses is left to the network plugin
 * by Kubernetes (some do, some do not): `ipBlockMatchesPods` chooses, so a
 * suite can hold under both. Policies are read in their wire form (`from`,
 * not the client library's `_from`); unknown fields and what the API server
 * would refuse are errors, so a mistyped policy cannot pass by being ignored.
 */

export type Labels = Record<string, string>;
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyManifest {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec: {
    podSelector?: LabelSelector;
    policyTypes?: Array<'Ingress' | 'Egress'>;
    ingress?: Array<{
      from?: NetworkPolicyPeer[];
      ports?: NetworkPolicyPort[];
    }>;
    egress?: Array<{ to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
  };
}

export interface ModelNamespace {
  name: string;
  /** `kubernetes.io/metadata.name` is added, as the API server does. */
  labels?: Labels;
}

export interface ModelPod {
  name: string;
  namespace: string;
  labels: Labels;
  ip: string;
  /** Container ports, for named ports. */
  ports?: Array<{ name?: string; containerPort: number; protocol?: Protocol }>;
}

/** A pod, or an address no modelled pod has (the internet, a Service IP, a node). */
export type Endpoint = ModelPod | { ip: string };

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: Protocol;
}

/** One side's decision: `isolated` false means no policy selects the pod for this direction. */
export interface SideVerdict {
  applies: boolean;
  isolated: boolean;
  allowed: boolean;
  /** `<namespace>/<policy>` of every policy with a matching rule. */
  allowedBy: string[];
}

export interface Verdict {
  allowed: boolean;
  egress: SideVerdict;
  ingress: SideVerdict;
}

export interface ModelOptions {
  policies: NetworkPolicyManifest[];
  namespaces: ModelNamespace[];
  pods: ModelPod[];
  ipBlockMatchesPods?: boolean;
}

export class InvalidNetworkPolicyError extends Error {}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function invalid(policy: NetworkPolicyManifest, path: string, why: string) {
  return new InvalidNetworkPolicyError(
    `NetworkPolicy ${policy.metadata.namespace}/${policy.metadata.name}: ${path}: ${why}`,
  );
}

function onlyKeys(
  policy: NetworkPolicyManifest,
  path: string,
  value: object,
  allowed: string[],
) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw invalid(policy, path, `unknown field ${JSON.stringify(key)}`);
  }
}

/** A CIDR as family, prefix and a BlockList holding exactly that range. */
function parseRange(text: string) {
  const match = /^(.+)\/(\d{1,3})$/.exec(text);
  const family = match ? isIP(match[1]) : 0;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || (family !== 4 && family !== 6)) return undefined;
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(match[1], prefix, type);
  return {
    family,
    prefix,
    network: match[1],
    contains: (ip: string) => isIP(ip) === family && list.check(ip, type),
  };
}

export function matchesSelector(
  selector: LabelSelector,
  labels: Labels,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    const ok = {
      In: present && values.includes(labels[key]),
      NotIn: !present || !values.includes(labels[key]),
      Exists: present,
      DoesNotExist: !present,
    }[operator];
    if (ok === undefined) throw new Error(`unknown operator ${operator}`);
    if (!ok) return false;
  }
  return true;
}

function validateSelector(
  policy: NetworkPolicyManifest,
  path: string,
  selector: LabelSelector,
) {
  onlyKeys(policy, path, selector, ['matchLabels', 'matchExpressions']);
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    onlyKeys(policy, at, e, ['key', 'operator', 'values']);
    const withValues = e.operator === 'In' || e.operator === 'NotIn';
    const withoutValues =
      e.operator === 'Exists' || e.operator === 'DoesNotExist';
    if (!withValues && !withoutValues)
      throw invalid(policy, at, `unknown operator ${e.operator}`);
    if (withValues && !e.values?.length)
      throw invalid(policy, at, `${e.operator} needs values`);
    if (withoutValues && e.values?.length)
      throw invalid(policy, at, `${e.operator} takes no values`);
  });
}

function validatePeer(
  policy: NetworkPolicyManifest,
  path: string,
  peer: NetworkPolicyPeer,
) {
  onlyKeys(policy, path, peer, ['podSelector', 'namespaceSelector', 'ipBlock']);
  const selectors = [peer.podSelector, peer.namespaceSelector].filter(Boolean);
  if (peer.ipBlock && selectors.length)
    throw invalid(policy, path, 'ipBlock cannot be combined with selectors');
  if (!peer.ipBlock && !selectors.length)
    throw invalid(policy, path, 'a peer needs a selector or an ipBlock');
  if (peer.podSelector)
    validateSelector(policy, `${path}.podSelector`, peer.podSelector);
  if (peer.namespaceSelector)
    validateSelector(
      policy,
      `${path}.namespaceSelector`,
      peer.namespaceSelector,
    );
  if (peer.ipBlock) {
    onlyKeys(policy, `${path}.ipBlock`, peer.ipBlock, ['cidr', 'except']);
    const range = parseRange(peer.ipBlock.cidr);
    if (!range) throw invalid(policy, `${path}.ipBlock.cidr`, 'not a CIDR');
    for (const text of peer.ipBlock.except ?? []) {
      const except = parseRange(text);
      if (!except)
        throw invalid(policy, `${path}.ipBlock.except`, `${text} not a CIDR`);
      if (!range.contains(except.network) || except.prefix <= range.prefix)
        throw invalid(
          policy,
          `${path}.ipBlock.except`,
          `${text} must be a strict subset of ${peer.ipBlock.cidr}`,
        );
    }
  }
}

function validatePort(
  policy: NetworkPolicyManifest,
  path: string,
  port: NetworkPolicyPort,
) {
  onlyKeys(policy, path, port, ['protocol', 'port', 'endPort']);
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol))
    throw invalid(policy, path, `unknown protocol ${port.protocol}`);
  if (port.endPort !== undefined) {
    if (typeof port.port !== 'number')
      throw invalid(policy, path, 'endPort needs a numeric port');
    if (port.endPort < port.port)
      throw invalid(policy, path, 'endPort is below port');
  }
}

/** Throws what the API server would refuse, and fields this model would ignore. */
export function validateNetworkPolicy(policy: NetworkPolicyManifest) {
  if (policy.kind !== undefined && policy.kind !== 'NetworkPolicy')
    throw invalid(policy, 'kind', `${policy.kind} is not a NetworkPolicy`);
  if (!policy.metadata.namespace)
    throw invalid(policy, 'metadata.namespace', 'required by this model');
  onlyKeys(policy, 'spec', policy.spec, [
    'podSelector',
    'policyTypes',
    'ingress',
    'egress',
  ]);
  validateSelector(policy, 'spec.podSelector', policy.spec.podSelector ?? {});
  for (const type of policy.spec.policyTypes ?? []) {
    if (type !== 'Ingress' && type !== 'Egress')
      throw invalid(policy, 'spec.policyTypes', `unknown type ${type}`);
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    (policy.spec[direction] ?? []).forEach((rule: any, i: number) => {
      const at = `spec.${direction}[${i}]`;
      onlyKeys(policy, at, rule, [peersKey, 'ports']);
      (rule[peersKey] ?? []).forEach((peer: NetworkPolicyPeer, j: number) =>
        validatePeer(policy, `${at}.${peersKey}[${j}]`, peer),
      );
      (rule.ports ?? []).forEach((port: NetworkPolicyPort, j: number) =>
        validatePort(policy, `${at}.ports[${j}]`, port),
      );
    });
  }
}

/** `policyTypes`, with the API server's default when it is left out. */
export function effectivePolicyTypes(
  policy: NetworkPolicyManifest,
): Array<'Ingress' | 'Egress'> {
  const types = policy.spec.policyTypes;
  if (types?.length) return types;
  return policy.spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

const isPod = (e: Endpoint): e is ModelPod => 'namespace' in e;

export class NetworkPolicyModel {
  private readonly namespaces = new Map<string, Labels>();
  private readonly podsByIp = new Map<string, ModelPod>();
  private readonly ipBlockMatchesPods: boolean;

  constructor(private readonly options: ModelOptions) {
    this.ipBlockMatchesPods = options.ipBlockMatchesPods ?? false;
    for (const ns of options.namespaces) {
      this.namespaces.set(ns.name, {
        ...ns.labels,
        [NAMESPACE_NAME_LABEL]: ns.name,
      });
    }
    for (const pod of options.pods) {
      if (!this.namespaces.has(pod.namespace))
        throw new Error(`pod ${pod.name}: no namespace ${pod.namespace}`);
      if (this.podsByIp.has(pod.ip))
        throw new Error(`pod ${pod.name}: address ${pod.ip} already taken`);
      if (!isIP(pod.ip)) throw new Error(`pod ${pod.name}: bad ip ${pod.ip}`);
      this.podsByIp.set(pod.ip, pod);
    }
    options.policies.forEach(validateNetworkPolicy);
  }

  /** A bare address that belongs to a modelled pod is that pod. */
  private resolve(endpoint: Endpoint): Endpoint {
    if (isPod(endpoint)) return endpoint;
    if (!isIP(endpoint.ip)) throw new Error(`bad address ${endpoint.ip}`);
    return this.podsByIp.get(endpoint.ip) ?? endpoint;
  }

  private peerMatches(
    policy: NetworkPolicyManifest,
    peer: NetworkPolicyPeer,
    other: Endpoint,
  ): boolean {
    if (peer.ipBlock) {
      if (isPod(other) && !this.ipBlockMatchesPods) return false;
      const range = parseRange(peer.ipBlock.cidr)!;
      return (
        range.contains(other.ip) &&
        !(peer.ipBlock.except ?? []).some(e =>
          parseRange(e)!.contains(other.ip),
        )
      );
    }
    if (!isPod(other)) return false;
    const namespaceOk = peer.namespaceSelector
      ? matchesSelector(
          peer.namespaceSelector,
          this.namespaces.get(other.namespace)!,
        )
      : other.namespace === policy.metadata.namespace;
    const podOk = peer.podSelector
      ? matchesSelector(peer.podSelector, other.labels)
      : true;
    return namespaceOk && podOk;
  }

  private portMatches(
    entry: NetworkPolicyPort,
    port: number,
    protocol: Protocol,
    destination: Endpoint,
  ): boolean {
    if ((entry.protocol ?? 'TCP') !== protocol) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'string') {
      if (!isPod(destination)) return false;
      return (destination.ports ?? []).some(
        p =>
          p.name === entry.port &&
          (p.protocol ?? 'TCP') === protocol &&
          p.containerPort === port,
      );
    }
    return entry.endPort === undefined
      ? entry.port === port
      : entry.port <= port && port <= entry.endPort;
  }

  private side(
    direction: 'Ingress' | 'Egress',
    pod: Endpoint,
    other: Endpoint,
    port: number,
    protocol: Protocol,
    destination: Endpoint,
  ): SideVerdict {
    if (!isPod(pod))
      return { applies: false, isolated: false, allowed: true, allowedBy: [] };
    const selecting = this.options.policies.filter(
      p =>
        p.metadata.namespace === pod.namespace &&
        matchesSelector(p.spec.podSelector ?? {}, pod.labels) &&
        effectivePolicyTypes(p).includes(direction),
    );
    const allowedBy = selecting
      .filter(policy => {
        const rules =
          direction === 'Ingress'
            ? (policy.spec.ingress ?? []).map(r => ({
                peers: r.from,
                ports: r.ports,
              }))
            : (policy.spec.egress ?? []).map(r => ({
                peers: r.to,
                ports: r.ports,
              }));
        return rules.some(
          rule =>
            (!rule.peers?.length ||
              rule.peers.some(peer => this.peerMatches(policy, peer, other))) &&
            (!rule.ports?.length ||
              rule.ports.some(entry =>
                this.portMatches(entry, port, protocol, destination),
              )),
        );
      })
      .map(p => `${p.metadata.namespace}/${p.metadata.name}`);
    const isolated = selecting.length > 0;
    return {
      applies: true,
      isolated,
      allowed: !isolated || allowedBy.length > 0,
      allowedBy,
    };
  }

  check(connection: Connection): Verdict {
    const from = this.resolve(connection.from);
    const to = this.resolve(connection.to);
    const protocol = connection.protocol ?? 'TCP';
    if (isPod(from) && from === to) {
      const loopback = {
        applies: true,
        isolated: false,
        allowed: true,
        allowedBy: ['loopback'],
      };
      return { allowed: true, egress: loopback, ingress: loopback };
    }
    const egress = this.side('Egress', from, to, connection.port, protocol, to);
    const ingress = this.side(
      'Ingress',
      to,
      from,
      connection.port,
      protocol,
      to,
    );
    return { allowed: egress.allowed && ingress.allowed, egress, ingress };
  }

  mayReach(
    from: Endpoint,
    to: Endpoint,
    port: number,
    protocol: Protocol = 'TCP',
  ): boolean {
    return this.check({ from, to, port, protocol }).allowed;
  }
}
