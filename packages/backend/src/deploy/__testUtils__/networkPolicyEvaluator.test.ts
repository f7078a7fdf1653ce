import {
  InvalidNetworkPolicyError,
  matchesSelector,
  ModelNamespace,
  ModelPod,
  NetworkPolicyManifest,
  NetworkPolicyModel,
} from './networkPolicyEvaluator';

// The cases follow the Kubernetes documentation's NetworkPolicy page; each is
// one a plausible wrong implementation would get wrong.

const namespaces: ModelNamespace[] = [
  { name: 'prod', labels: { env: 'prod' } },
  { name: 'dev', labels: { env: 'dev' } },
  { name: 'ops', labels: { team: 'ops' } },
];
const pod = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ip: string,
  ports?: ModelPod['ports'],
): ModelPod => ({ name, namespace, labels, ip, ports });

const web = pod('web', 'prod', { app: 'web' }, '10.0.0.1', [
  { name: 'http', containerPort: 8080 },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
]);
const db = pod('db', 'prod', { app: 'db', tier: 'data' }, '10.0.0.2');
const devWeb = pod('web', 'dev', { app: 'web' }, '10.0.1.1');
const devDb = pod('db', 'dev', { app: 'db' }, '10.0.1.2');
const opsTool = pod('tool', 'ops', { app: 'tool' }, '10.0.2.1');
const pods = [web, db, devWeb, devDb, opsTool];
const internet = { ip: '93.184.216.34' };

let n = 0;
const np = (
  namespace: string,
  spec: NetworkPolicyManifest['spec'],
): NetworkPolicyManifest => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `p${++n}`, namespace },
  spec,
});

const model = (
  policies: NetworkPolicyManifest[],
  options: { ipBlockMatchesPods?: boolean } = {},
) => new NetworkPolicyModel({ policies, namespaces, pods, ...options });

describe('label selectors', () => {
  it('match everything when empty, and AND matchLabels with every expression', () => {
    expect(matchesSelector({}, {})).toBe(true);
    const s = {
      matchLabels: { app: 'db' },
      matchExpressions: [
        { key: 'tier', operator: 'In' as const, values: ['data'] },
      ],
    };
    expect(matchesSelector(s, { app: 'db', tier: 'data' })).toBe(true);
    expect(matchesSelector(s, { app: 'db' })).toBe(false);
    expect(matchesSelector(s, { app: 'web', tier: 'data' })).toBe(false);
  });

  it('NotIn and DoesNotExist match a missing key; In and Exists do not', () => {
    const expr = (operator: any, values?: string[]) => ({
      matchExpressions: [{ key: 'tier', operator, values }],
    });
    expect(matchesSelector(expr('NotIn', ['data']), {})).toBe(true);
    expect(matchesSelector(expr('NotIn', ['data']), { tier: 'data' })).toBe(
      false,
    );
    expect(matchesSelector(expr('DoesNotExist'), {})).toBe(true);
    expect(matchesSelector(expr('In', ['data']), {})).toBe(false);
    expect(matchesSelector(expr('Exists'), {})).toBe(false);
    expect(matchesSelector(expr('Exists'), { tier: '' })).toBe(true);
  });
});

describe('isolation', () => {
  it('allows everything when no policy selects a pod', () => {
    const m = model([]);
    expect(m.mayReach(devWeb, db, 5432)).toBe(true);
    expect(m.mayReach(db, internet, 443)).toBe(true);
    expect(m.check({ from: web, to: db, port: 1 }).ingress.isolated).toBe(
      false,
    );
  });

  it('isolates for ingress only the pods of the policy namespace, and leaves egress open', () => {
    const m = model([
      np('prod', { podSelector: {}, policyTypes: ['Ingress'] }),
    ]);
    expect(m.mayReach(web, db, 5432)).toBe(false);
    expect(m.mayReach(devWeb, web, 8080)).toBe(false);
    expect(m.mayReach(web, devDb, 5432)).toBe(true);
    expect(m.mayReach(web, internet, 443)).toBe(true);
    expect(m.mayReach(devWeb, devDb, 5432)).toBe(true);
  });

  it('isolates for egress only with Egress in policyTypes', () => {
    const m = model([np('prod', { podSelector: {}, policyTypes: ['Egress'] })]);
    expect(m.mayReach(web, internet, 443)).toBe(false);
    expect(m.mayReach(web, devDb, 5432)).toBe(false);
    expect(m.mayReach(devWeb, web, 8080)).toBe(true);
    expect(m.mayReach(internet, web, 8080)).toBe(true);
  });

  it('defaults policyTypes to Ingress, plus Egress only when there are egress rules', () => {
    const ingressOnly = model([np('prod', { podSelector: {}, ingress: [] })]);
    expect(ingressOnly.mayReach(devWeb, web, 8080)).toBe(false);
    expect(ingressOnly.mayReach(web, internet, 443)).toBe(true);
    // `egress: []` is no egress rule: egress stays open
    const emptyEgress = model([np('prod', { podSelector: {}, egress: [] })]);
    expect(emptyEgress.mayReach(web, internet, 443)).toBe(true);
    expect(emptyEgress.mayReach(devWeb, web, 8080)).toBe(false);
    const withEgress = model([
      np('prod', {
        podSelector: {},
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
      }),
    ]);
    expect(withEgress.mayReach(web, internet, 443)).toBe(false);
    expect(withEgress.mayReach(web, db, 5432)).toBe(false); // db isolated for ingress too
    expect(withEgress.check({ from: web, to: db, port: 5432 }).egress).toEqual(
      expect.objectContaining({ allowed: true }),
    );
  });

  it('selects pods by the policy podSelector only', () => {
    const m = model([
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Ingress'],
      }),
    ]);
    expect(m.mayReach(web, db, 5432)).toBe(false);
    expect(m.mayReach(db, web, 8080)).toBe(true);
  });

  it('is additive: any rule of any selecting policy allows, a deny-all never subtracts', () => {
    const m = model([
      np('prod', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] }),
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    ]);
    expect(m.mayReach(web, db, 5432)).toBe(true);
    expect(m.mayReach(db, web, 8080)).toBe(false);
    expect(
      m.check({ from: web, to: db, port: 5432 }).ingress.allowedBy,
    ).toEqual([`prod/p${n}`]);
  });

  it('needs both the egress of the source and the ingress of the destination', () => {
    const egressOnly = model([
      np('prod', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }] },
        ],
      }),
      np('dev', { podSelector: {}, policyTypes: ['Ingress'] }),
    ]);
    const v = egressOnly.check({ from: web, to: devDb, port: 5432 });
    expect([v.egress.allowed, v.ingress.allowed, v.allowed]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('judges traffic to or from an outside address on the pod side only', () => {
    const m = model([
      np('prod', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    ]);
    const out = m.check({ from: web, to: internet, port: 443 });
    expect(out.ingress.applies).toBe(false);
    expect(out.allowed).toBe(false);
    expect(m.mayReach(internet, web, 8080)).toBe(false);
    expect(m.mayReach(internet, devWeb, 8080)).toBe(true);
  });

  it('lets a pod reach itself whatever the policies', () => {
    const m = model([
      np('prod', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    ]);
    expect(m.mayReach(web, web, 8080)).toBe(true);
    expect(m.mayReach(web, { ip: web.ip }, 8080)).toBe(true);
  });

  it('treats an address of a modelled pod as that pod', () => {
    const m = model([
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    ]);
    expect(m.mayReach({ ip: web.ip }, { ip: db.ip }, 5432)).toBe(true);
    expect(m.mayReach({ ip: devWeb.ip }, { ip: db.ip }, 5432)).toBe(false);
  });
});

describe('peers', () => {
  const allowInFrom = (from: any[]) =>
    model([
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from }],
      }),
    ]);

  it('podSelector alone means pods of the policy namespace, never of another', () => {
    const m = allowInFrom([{ podSelector: { matchLabels: { app: 'web' } } }]);
    expect(m.mayReach(web, db, 5432)).toBe(true);
    expect(m.mayReach(devWeb, db, 5432)).toBe(false);
  });

  it('namespaceSelector alone means every pod of the matching namespaces', () => {
    const m = allowInFrom([
      { namespaceSelector: { matchLabels: { env: 'dev' } } },
    ]);
    expect(m.mayReach(devWeb, db, 5432)).toBe(true);
    expect(m.mayReach(devDb, db, 5432)).toBe(true);
    expect(m.mayReach(web, db, 5432)).toBe(false);
    expect(m.mayReach(opsTool, db, 5432)).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer AND, in two peers OR', () => {
    const and = allowInFrom([
      {
        namespaceSelector: { matchLabels: { env: 'dev' } },
        podSelector: { matchLabels: { app: 'web' } },
      },
    ]);
    expect(and.mayReach(devWeb, db, 5432)).toBe(true);
    expect(and.mayReach(devDb, db, 5432)).toBe(false);
    expect(and.mayReach(web, db, 5432)).toBe(false);
    const or = allowInFrom([
      { namespaceSelector: { matchLabels: { env: 'dev' } } },
      { podSelector: { matchLabels: { app: 'web' } } },
    ]);
    expect(or.mayReach(devDb, db, 5432)).toBe(true);
    expect(or.mayReach(web, db, 5432)).toBe(true);
    expect(or.mayReach(opsTool, db, 5432)).toBe(false);
  });

  it('empty selectors: {} namespaces means all namespaces, {} pods all pods of the namespace', () => {
    const all = allowInFrom([{ namespaceSelector: {} }]);
    expect(all.mayReach(opsTool, db, 5432)).toBe(true);
    expect(all.mayReach(internet, db, 5432)).toBe(false);
    const local = allowInFrom([{ podSelector: {} }]);
    expect(local.mayReach(web, db, 5432)).toBe(true);
    expect(local.mayReach(opsTool, db, 5432)).toBe(false);
  });

  it('the kubernetes.io/metadata.name label selects a namespace by name', () => {
    const m = allowInFrom([
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'ops' },
        },
      },
    ]);
    expect(m.mayReach(opsTool, db, 5432)).toBe(true);
    expect(m.mayReach(devWeb, db, 5432)).toBe(false);
  });

  it('a rule without peers allows every source, pods and outside addresses; no rule allows none', () => {
    const open = model([np('prod', { podSelector: {}, ingress: [{}] })]);
    expect(open.mayReach(internet, db, 1)).toBe(true);
    expect(open.mayReach(opsTool, db, 1)).toBe(true);
    const closed = model([np('prod', { podSelector: {}, ingress: [] })]);
    expect(closed.mayReach(web, db, 1)).toBe(false);
  });

  it('ipBlock matches the range minus its except ranges, IPv4 and IPv6', () => {
    const m = model([
      np('prod', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                ipBlock: {
                  cidr: '0.0.0.0/0',
                  except: ['10.0.0.0/8', '169.254.0.0/16'],
                },
              },
              { ipBlock: { cidr: '::/0', except: ['fe80::/10'] } },
            ],
          },
        ],
      }),
    ]);
    expect(m.mayReach(web, internet, 443)).toBe(true);
    expect(m.mayReach(web, { ip: '169.254.169.254' }, 80)).toBe(false);
    expect(m.mayReach(web, { ip: '10.96.0.1' }, 443)).toBe(false);
    expect(m.mayReach(web, { ip: '11.0.0.1' }, 443)).toBe(true);
    expect(m.mayReach(web, { ip: '2001:db8::1' }, 443)).toBe(true);
    expect(m.mayReach(web, { ip: 'fe80::1' }, 443)).toBe(false);
  });

  it('ipBlock matches pod addresses only where the network plugin says so', () => {
    const policies = [
      np('prod', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.1.0/24' } }] }],
      }),
    ];
    expect(model(policies).mayReach(web, devDb, 5432)).toBe(false);
    expect(model(policies).mayReach(web, { ip: '10.0.1.200' }, 1)).toBe(true);
    expect(
      model(policies, { ipBlockMatchesPods: true }).mayReach(web, devDb, 5432),
    ).toBe(true);
  });

  it('a selector never matches an outside address', () => {
    const m = model([
      np('prod', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: {} }] }],
      }),
    ]);
    expect(m.mayReach(web, devDb, 1)).toBe(true);
    expect(m.mayReach(web, internet, 1)).toBe(false);
  });
});

describe('ports', () => {
  const allowPorts = (ports: any[]) =>
    model([
      np('prod', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ ports }],
      }),
    ]);

  it('default to TCP: a UDP connection to the same number is refused', () => {
    const m = allowPorts([{ port: 8080 }]);
    expect(m.mayReach(db, web, 8080)).toBe(true);
    expect(m.mayReach(db, web, 8080, 'UDP')).toBe(false);
    expect(m.mayReach(db, web, 8081)).toBe(false);
  });

  it('a protocol without a port allows every port of that protocol', () => {
    const m = allowPorts([{ protocol: 'UDP' }]);
    expect(m.mayReach(db, web, 53, 'UDP')).toBe(true);
    expect(m.mayReach(db, web, 9999, 'UDP')).toBe(true);
    expect(m.mayReach(db, web, 53)).toBe(false);
  });

  it('endPort makes an inclusive range', () => {
    const m = allowPorts([{ protocol: 'TCP', port: 32000, endPort: 32768 }]);
    expect(m.mayReach(db, web, 32000)).toBe(true);
    expect(m.mayReach(db, web, 32768)).toBe(true);
    expect(m.mayReach(db, web, 31999)).toBe(false);
    expect(m.mayReach(db, web, 32769)).toBe(false);
  });

  it('a named port is the destination pod container port of that name and protocol', () => {
    const m = allowPorts([{ port: 'http' }, { protocol: 'UDP', port: 'dns' }]);
    expect(m.mayReach(db, web, 8080)).toBe(true);
    expect(m.mayReach(db, web, 80)).toBe(false);
    expect(m.mayReach(db, web, 53, 'UDP')).toBe(true);
    expect(m.mayReach(db, web, 53)).toBe(false);
    const egress = model([
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'http' }] }],
      }),
    ]);
    expect(egress.mayReach(db, web, 8080)).toBe(true);
    expect(egress.mayReach(db, devWeb, 8080)).toBe(false); // no port named http
    expect(egress.mayReach(db, internet, 8080)).toBe(false);
  });

  it('peers and ports of one rule AND, separate rules OR', () => {
    const m = model([
      np('prod', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'web' } } }],
            ports: [{ port: 5432 }],
          },
          {
            from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }],
            ports: [{ port: 9187 }],
          },
        ],
      }),
    ]);
    expect(m.mayReach(web, db, 5432)).toBe(true);
    expect(m.mayReach(web, db, 9187)).toBe(false);
    expect(m.mayReach(opsTool, db, 9187)).toBe(true);
    expect(m.mayReach(opsTool, db, 5432)).toBe(false);
  });
});

describe('validation', () => {
  /** The error building a model with this one policy throws, if any. */
  const refusal = (spec: any): Error | undefined => {
    try {
      model([np('prod', spec)]);
      return undefined;
    } catch (error) {
      return error as Error;
    }
  };
  /** What the model says of this policy: its validation message, or why that is not one. */
  const verdictOn = (spec: any): string => {
    const error = refusal(spec);
    if (!error) return 'accepted';
    return error instanceof InvalidNetworkPolicyError
      ? error.message
      : `unexpected ${error}`;
  };

  it('accepts a valid policy', () => {
    expect(
      refusal({ podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
    ).toBeUndefined();
  });

  it('refuses the client library field names instead of ignoring them', () => {
    expect(
      verdictOn({
        podSelector: {},
        ingress: [{ _from: [{ podSelector: {} }] }],
      }),
    ).toContain('unknown field "_from"');
  });

  it('refuses what the API server refuses', () => {
    expect(
      verdictOn({
        podSelector: {},
        ingress: [
          { from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] },
        ],
      }),
    ).toContain('ipBlock cannot be combined');
    expect(verdictOn({ podSelector: {}, ingress: [{ from: [{}] }] })).toContain(
      'needs a selector',
    );
    expect(
      verdictOn({
        podSelector: {},
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }],
          },
        ],
      }),
    ).toContain('strict subset');
    expect(
      verdictOn({
        podSelector: {},
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }],
          },
        ],
      }),
    ).toContain('strict subset');
    expect(
      verdictOn({
        podSelector: {},
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['fe80::/10'] } }] },
        ],
      }),
    ).toContain('strict subset');
    expect(
      verdictOn({
        podSelector: {},
        egress: [{ to: [{ ipBlock: { cidr: 'internet' } }] }],
      }),
    ).toContain('not a CIDR');
    expect(
      verdictOn({
        podSelector: {},
        ingress: [{ ports: [{ port: 'http', endPort: 90 }] }],
      }),
    ).toContain('endPort');
    expect(
      verdictOn({
        podSelector: {
          matchExpressions: [{ key: 'a', operator: 'In', values: [] }],
        },
      }),
    ).toContain('needs values');
    expect(verdictOn({ podSelector: {}, policyTypes: ['Both'] })).toContain(
      'unknown type',
    );
  });
});
