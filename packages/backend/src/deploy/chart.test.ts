import { ConfigReader } from '@backstage/config';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  findHelm,
  findManifest,
  KUBE_VERSION,
  Manifest,
  ofKind,
  renderChart,
  renderChartError,
  runHelm,
} from './__testUtils__/helm';
import { CHART_DIR, repoPath } from './__testUtils__/repoPaths';

// Names for release `store-platform` in namespace `store-platform` (the chart's own name is
// contained in the release name, so the full name is the release name).
const SA = 'store-platform';
const NS = 'store-platform';
// Cluster-scoped objects carry the namespace too: <fullname>-<namespace>-...
const CLUSTER = 'store-platform-store-platform';
const STORE_MANAGER = `${CLUSTER}-store-manager`;
// The value of store-platform.io/installation on this install's store namespaces.
const INSTALLATION = 'store-platform.store-platform';
const LOCAL = ['values-local.yaml'];
// Production sign-in: the OIDC provider of the company's identity provider.
const OIDC = {
  'signIn.oidc.issuer': 'https://idp.example.com/realms/acme',
  'signIn.oidc.clientId': 'store-platform',
  'signIn.oidc.existingSecret': 'oidc-client',
};

const podTemplates = (manifests: Manifest[]) =>
  manifests
    .filter(m => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind))
    .map(m => ({
      name: `${m.kind} ${m.metadata.name}`,
      spec: m.spec.template.spec,
    }));

const container = (manifests: Manifest[], kind: string, name: string) =>
  findManifest(manifests, kind, name).spec.template.spec.containers[0];

const envOf = (c: any, name: string) => c.env.find((e: any) => e.name === name);

describe('helm binary', () => {
  it('is found (scripts/test-cluster build provides it)', () => {
    expect(findHelm()).toMatch(/helm$/);
  });
});

describe('helm lint', () => {
  it.each([[[]], [LOCAL]])('passes --strict with values files %j', files => {
    const args = [
      'lint',
      CHART_DIR,
      '--strict',
      '--kube-version',
      KUBE_VERSION,
    ];
    for (const f of files) args.push('-f', join(CHART_DIR, f));
    const result = runHelm(args);
    expect(`${result.stdout}${result.stderr}`).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

describe('routing', () => {
  it('sends / to the dashboard Service and /api to the API Service on dashboard.localhost', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    const [ingress] = ofKind(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules).toEqual([
      {
        host: 'dashboard.localhost',
        http: {
          paths: [
            {
              path: '/api',
              pathType: 'Prefix',
              backend: {
                service: { name: 'store-platform-api', port: { name: 'http' } },
              },
            },
            {
              path: '/',
              pathType: 'Prefix',
              backend: {
                service: {
                  name: 'store-platform-dashboard',
                  port: { name: 'http' },
                },
              },
            },
          ],
        },
      },
    ]);
    // Each Service's `http` port reaches the container port of the same name.
    for (const [service, deployment, port] of [
      ['store-platform-api', 'store-platform-api', 7007],
      ['store-platform-dashboard', 'store-platform-dashboard', 8080],
    ] as const) {
      const svc = findManifest(manifests, 'Service', service);
      expect(svc.spec.ports).toEqual([
        { name: 'http', port: 80, targetPort: 'http' },
      ]);
      const dep = findManifest(manifests, 'Deployment', deployment);
      expect(svc.spec.selector).toEqual(dep.spec.selector.matchLabels);
      expect(dep.spec.template.metadata.labels).toMatchObject(
        svc.spec.selector,
      );
      expect(dep.spec.template.spec.containers[0].ports).toEqual([
        { name: 'http', containerPort: port },
      ]);
    }
  });

  it('takes the host from values and serves TLS when asked', () => {
    const manifests = renderChart({
      set: {
        'ingress.host': 'stores.example.com',
        'ingress.tls.enabled': 'true',
        'ingress.tls.secretName': 'stores-tls',
      },
    });
    const [ingress] = ofKind(manifests, 'Ingress');
    expect(ingress.spec.rules[0].host).toBe('stores.example.com');
    expect(ingress.spec.tls).toEqual([
      { hosts: ['stores.example.com'], secretName: 'stores-tls' },
    ]);
    expect(ingress.spec.ingressClassName).toBeUndefined();
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(envOf(api, 'APP_BASE_URL').value).toBe('https://stores.example.com');
    expect(envOf(api, 'BACKEND_BASE_URL').value).toBe(
      'https://stores.example.com',
    );
  });
});

describe('the dashboard runtime configuration', () => {
  const runtimeConfig = (manifests: Manifest[]) =>
    JSON.parse(
      findManifest(manifests, 'ConfigMap', 'store-platform-dashboard').data[
        'runtime-config.json'
      ],
    );

  it('comes from values: title and base URLs', () => {
    const manifests = renderChart({
      set: {
        'app.title': 'Acme Shops',
        'app.baseUrl': 'https://shops.acme.test',
        'app.backendBaseUrl': 'https://api.acme.test',
      },
    });
    expect(runtimeConfig(manifests)).toEqual([
      {
        context: 'runtime',
        data: {
          app: {
            title: 'Acme Shops',
            baseUrl: 'https://shops.acme.test',
            signIn: {
              providers: ['oidc'],
              oidc: { title: 'Single sign-on' },
            },
          },
          backend: { baseUrl: 'https://api.acme.test' },
          organization: { name: 'Store Platform' },
          // The environment the app names in its sign-in requests (auth.providers.oidc.<env>).
          auth: { environment: 'production' },
        },
      },
    ]);
    // A config change rolls the dashboard pods (the entrypoint renders at start).
    const before = findManifest(
      renderChart(),
      'Deployment',
      'store-platform-dashboard',
    );
    const after = findManifest(
      manifests,
      'Deployment',
      'store-platform-dashboard',
    );
    expect(
      after.spec.template.metadata.annotations['checksum/config'],
    ).not.toBe(before.spec.template.metadata.annotations['checksum/config']);
  });

  it('reaches the app without a rebuild: render-index.sh puts it last, so it wins', () => {
    const manifests = renderChart({
      set: {
        'app.title': 'Acme </script> Shops',
        'app.baseUrl': 'http://shops.localhost',
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'render-index-'));
    try {
      const built = repoPath('packages/app/dist/index.html');
      // The real build when present; otherwise a page shaped like it (build-time config script).
      const index = existsSync(built)
        ? readFileSync(built, 'utf8')
        : '<html><head><script type="backstage.io/config">[{"context":"app-config.yaml","data":{"app":{"title":"Built"}}}]</script></head><body></body></html>';
      writeFileSync(join(dir, 'index.html'), index);
      writeFileSync(
        join(dir, 'runtime-config.json'),
        findManifest(manifests, 'ConfigMap', 'store-platform-dashboard').data[
          'runtime-config.json'
        ],
      );
      const result = spawnSync(
        'sh',
        [repoPath('images/dashboard/render-index.sh')],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            INDEX_SRC: join(dir, 'index.html'),
            INDEX_OUT_DIR: join(dir, 'out'),
            RUNTIME_CONFIG_FILE: join(dir, 'runtime-config.json'),
          },
        },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const html = readFileSync(join(dir, 'out/index.html'), 'utf8');
      // What Backstage's defaultConfigLoader does: every config script in order, later ones on top.
      const scripts = [
        ...html.matchAll(
          /<script type="backstage.io\/config">([\s\S]*?)<\/script>/g,
        ),
      ];
      expect(scripts.length).toBeGreaterThanOrEqual(2);
      const config = ConfigReader.fromConfigs(
        scripts.flatMap(s => JSON.parse(s[1])),
      );
      expect(config.getString('app.title')).toBe('Acme </script> Shops');
      expect(config.getString('app.baseUrl')).toBe('http://shops.localhost');
      expect(config.getString('backend.baseUrl')).toBe(
        'http://shops.localhost',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('render-index.sh refuses a config that could close its script element', () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-index-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<html><head></head></html>');
      writeFileSync(
        join(dir, 'c.json'),
        '[{"context":"runtime","data":{"app":{"title":"</script>"}}}]',
      );
      const result = spawnSync(
        'sh',
        [repoPath('images/dashboard/render-index.sh')],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            INDEX_SRC: join(dir, 'index.html'),
            INDEX_OUT_DIR: join(dir, 'out'),
            RUNTIME_CONFIG_FILE: join(dir, 'c.json'),
          },
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("must not contain '</' or '<!--'");
      expect(existsSync(join(dir, 'out/index.html'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the API', () => {
  it.each([
    [[], OIDC],
    [LOCAL, {}],
  ])(
    'gets a ConfigMap and environment that are valid config for this backend (backstage-cli config:check --strict, values %j, --set %j)',
    (files, set) => {
      const manifests = renderChart({ valuesFiles: files, set });
      const api = container(manifests, 'Deployment', 'store-platform-api');
      const dir = mkdtempSync(join(tmpdir(), 'chart-config-'));
      try {
        const file = join(dir, 'app-config.chart.yaml');
        writeFileSync(
          file,
          findManifest(manifests, 'ConfigMap', 'store-platform-api').data[
            'app-config.chart.yaml'
          ],
        );
        // The files and order of the API container's --config arguments.
        const result = spawnSync(
          process.execPath,
          [
            repoPath('node_modules/@backstage/cli/bin/backstage-cli'),
            'config:check',
            '--strict',
            '--config',
            repoPath('app-config.yaml'),
            '--config',
            repoPath('app-config.production.yaml'),
            '--config',
            file,
          ],
          {
            cwd: repoPath('packages/backend'),
            encoding: 'utf8',
            timeout: 120_000,
            // What the Deployment passes as environment, placeholders for what Secrets hold.
            env: {
              ...process.env,
              ...Object.fromEntries(
                api.env.map((e: any) => [
                  e.name,
                  e.valueFrom ? 'placeholder' : e.value,
                ]),
              ),
            },
          },
        );
        expect(`${result.stdout}${result.stderr}`).not.toContain('Error');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('runs with the production app-config plus the chart ConfigMap, secrets only by reference', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(api.args).toEqual([
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      '/etc/store-platform/app-config.chart.yaml',
    ]);
    expect(envOf(api, 'BACKEND_SECRET').valueFrom.secretKeyRef).toEqual({
      name: 'store-platform-backend',
      key: 'backend-secret',
    });
    expect(envOf(api, 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'store-platform-postgresql',
      key: 'password',
    });
    expect(envOf(api, 'POSTGRES_HOST').value).toBe('store-platform-postgresql');
    expect(api.readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(api.livenessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });

    const appConfig = parseYaml(
      findManifest(manifests, 'ConfigMap', 'store-platform-api').data[
        'app-config.chart.yaml'
      ],
    );
    expect(appConfig.storePlatform).toEqual({
      kubernetes: { mode: 'in-cluster' },
      provisioning: expect.objectContaining({
        installation: INSTALLATION,
        domain: 'localhost',
        ingressClassName: 'nginx',
        rbac: {
          clusterRoleName: STORE_MANAGER,
          serviceAccount: { name: SA, namespace: NS },
        },
        backups: { retention: 5 },
      }),
    });
    // Guest sign-in: development auth environment, the OIDC provider switched off, and the
    // guest provider allowed under the image's NODE_ENV=production (it refuses otherwise).
    expect(appConfig.auth).toEqual({
      environment: 'development',
      providers: {
        oidc: null,
        guest: { dangerouslyAllowOutsideDevelopment: true },
      },
    });
    expect(appConfig.app.signIn).toEqual({ providers: ['guest'] });
    // Nothing secret-looking lands in the ConfigMap.
    expect(JSON.stringify(appConfig)).not.toMatch(/secret|password/i);
  });

  it('uses existing Secrets when given, and generates none', () => {
    const manifests = renderChart({
      set: {
        'api.auth.existingSecret': 'platform-keys',
        'api.auth.existingSecretKey': 'key',
        'externalDatabase.host': 'db.example.com',
        'externalDatabase.existingSecret': 'db-credentials',
        'signIn.oidc.sessionSecret.existingSecret': 'sign-in-sessions',
      },
    });
    expect(ofKind(manifests, 'Secret')).toEqual([]);
    expect(ofKind(manifests, 'StatefulSet')).toEqual([]);
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(envOf(api, 'BACKEND_SECRET').valueFrom.secretKeyRef).toEqual({
      name: 'platform-keys',
      key: 'key',
    });
    expect(envOf(api, 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'db-credentials',
      key: 'password',
    });
    expect(envOf(api, 'POSTGRES_HOST').value).toBe('db.example.com');
  });

  it('generates the secrets it is not given, and the in-chart PostgreSQL reads the same one', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    expect(
      ofKind(manifests, 'Secret')
        .map(s => s.metadata.name)
        .sort(),
    ).toEqual(['store-platform-backend', 'store-platform-postgresql']);
    for (const secret of ofKind(manifests, 'Secret')) {
      const value = Buffer.from(
        Object.values(secret.data)[0] as string,
        'base64',
      ).toString();
      expect(value).toMatch(/^[A-Za-z0-9]{40}$/);
    }
    const pg = container(manifests, 'StatefulSet', 'store-platform-postgresql');
    expect(pg.image).toMatch(/^postgres:17\.\d+/);
    expect(envOf(pg, 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'store-platform-postgresql',
      key: 'password',
    });
  });
});

describe('sign-in', () => {
  const apiConfig = (manifests: Manifest[]) =>
    parseYaml(
      findManifest(manifests, 'ConfigMap', 'store-platform-api').data[
        'app-config.chart.yaml'
      ],
    );

  it('OIDC: URL and client from values, secrets by reference, resolver and prompt in the ConfigMap', () => {
    const manifests = renderChart({
      set: {
        ...OIDC,
        'signIn.oidc.resolver': 'emailLocalPartMatchingUserEntityName',
        'signIn.oidc.additionalScopes': '{groups}',
        'signIn.oidc.title': 'Acme SSO',
      },
    });
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(envOf(api, 'AUTH_OIDC_METADATA_URL').value).toBe(
      'https://idp.example.com/realms/acme/.well-known/openid-configuration',
    );
    expect(envOf(api, 'AUTH_OIDC_CLIENT_ID').value).toBe('store-platform');
    expect(
      envOf(api, 'AUTH_OIDC_CLIENT_SECRET').valueFrom.secretKeyRef,
    ).toEqual({ name: 'oidc-client', key: 'client-secret' });
    expect(envOf(api, 'AUTH_SESSION_SECRET').valueFrom.secretKeyRef).toEqual({
      name: 'store-platform-auth-session',
      key: 'session-secret',
    });
    const session = findManifest(
      manifests,
      'Secret',
      'store-platform-auth-session',
    );
    expect(
      Buffer.from(session.data['session-secret'], 'base64').toString(),
    ).toMatch(/^[A-Za-z0-9]{40}$/);

    const config = apiConfig(manifests);
    expect(config.auth).toEqual({
      environment: 'production',
      providers: {
        oidc: {
          production: {
            prompt: 'auto',
            additionalScopes: ['groups'],
            signIn: {
              resolvers: [{ resolver: 'emailLocalPartMatchingUserEntityName' }],
            },
          },
        },
      },
    });
    expect(config.app.signIn).toEqual({
      providers: ['oidc'],
      oidc: { title: 'Acme SSO' },
    });
    expect(JSON.stringify(config)).not.toMatch(/secret|password/i);
  });

  it('OIDC: metadataUrl, when given, wins over the issuer', () => {
    const manifests = renderChart({
      set: {
        ...OIDC,
        'signIn.oidc.metadataUrl': 'https://login.example.com/discovery',
      },
    });
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(envOf(api, 'AUTH_OIDC_METADATA_URL').value).toBe(
      'https://login.example.com/discovery',
    );
  });

  it('refuses half an OIDC configuration, naming what is missing', () => {
    expect(
      renderChartError({ set: { 'signIn.oidc.clientId': 'store-platform' } }),
    ).toContain(
      'signIn.provider is oidc but signIn.oidc.existingSecret and signIn.oidc.issuer (or metadataUrl) are empty',
    );
  });

  it('guest: no OIDC environment and no session Secret', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    const api = container(manifests, 'Deployment', 'store-platform-api');
    expect(
      api.env
        .filter((e: any) => e.name.startsWith('AUTH_'))
        .map((e: any) => e.name),
    ).toEqual([]);
    expect(ofKind(manifests, 'Secret').map(s => s.metadata.name)).not.toContain(
      'store-platform-auth-session',
    );
  });
});

describe('least privilege', () => {
  const manifests = renderChart({ valuesFiles: LOCAL });
  const roles = [
    ...ofKind(manifests, 'ClusterRole'),
    ...ofKind(manifests, 'Role'),
  ];

  it('grants exactly the design kinds inside store namespaces, with explicit verbs', () => {
    expect(findManifest(manifests, 'ClusterRole', STORE_MANAGER).rules).toEqual(
      [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get', 'create', 'patch'],
        },
        {
          apiGroups: [''],
          resources: ['services', 'resourcequotas', 'limitranges'],
          verbs: ['get', 'create', 'patch'],
        },
        {
          apiGroups: [''],
          resources: ['persistentvolumeclaims'],
          verbs: ['get', 'list', 'create', 'patch'],
        },
        {
          apiGroups: [''],
          resources: ['pods', 'events'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'statefulsets'],
          verbs: ['get', 'list', 'watch', 'create', 'patch'],
        },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['ingresses', 'networkpolicies'],
          verbs: ['get', 'create', 'patch'],
        },
        {
          apiGroups: ['batch'],
          resources: ['jobs'],
          verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'],
        },
      ],
    );
  });

  it('grants cluster-wide only namespaces, and binding that one role', () => {
    expect(
      findManifest(manifests, 'ClusterRole', `${CLUSTER}-namespaces`).rules,
    ).toEqual([
      {
        apiGroups: [''],
        resources: ['namespaces'],
        verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['rolebindings'],
        verbs: ['create', 'patch'],
      },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
        verbs: ['bind'],
        resourceNames: [STORE_MANAGER],
      },
    ]);
    const bindings = ofKind(manifests, 'ClusterRoleBinding');
    expect(bindings.map(b => [b.roleRef, b.subjects])).toEqual([
      [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: `${CLUSTER}-namespaces`,
        },
        [{ kind: 'ServiceAccount', name: SA, namespace: NS }],
      ],
    ]);
    // The store-manager role is bound by the provisioning, per store namespace, never here.
    expect(ofKind(manifests, 'RoleBinding')).toEqual([]);
  });

  it('has no wildcard anywhere', () => {
    expect(roles.length).toBe(2);
    for (const role of roles) {
      for (const rule of role.rules) {
        for (const field of [
          'apiGroups',
          'resources',
          'verbs',
          'resourceNames',
          'nonResourceURLs',
        ]) {
          expect({
            role: role.metadata.name,
            field,
            values: rule[field] ?? [],
          }).toEqual({
            role: role.metadata.name,
            field,
            values: expect.not.arrayContaining(['*']),
          });
        }
      }
    }
  });

  it('denies, by admission policy, what RBAC cannot express, for the platform ServiceAccount only', () => {
    const policies = ofKind(manifests, 'ValidatingAdmissionPolicy');
    expect(policies.map(p => p.metadata.name)).toEqual([
      `${CLUSTER}-namespaces`,
      `${CLUSTER}-rolebindings`,
    ]);
    for (const policy of policies) {
      expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(policy.spec.failurePolicy).toBe('Fail');
      expect(policy.spec.matchConditions).toEqual([
        {
          name: 'platform-service-account',
          expression: `request.userInfo.username == "system:serviceaccount:${NS}:${SA}"`,
        },
      ]);
    }
    const [namespaces, rolebindings] = policies;
    expect(namespaces.spec.matchConstraints.resourceRules[0]).toMatchObject({
      resources: ['namespaces'],
      operations: ['CREATE', 'UPDATE', 'DELETE'],
    });
    expect(namespaces.spec.validations[0].expression).toBe(
      "request.operation != 'DELETE' || variables.oldManaged",
    );
    expect(
      namespaces.spec.variables.find((v: any) => v.name === 'oldManaged')
        .expression,
    ).toContain(
      `oldObject.metadata.labels['store-platform.io/installation'] == '${INSTALLATION}'`,
    );
    expect(
      rolebindings.spec.validations.map((v: any) => v.expression).join('\n'),
    ).toContain(`object.roleRef.name == '${STORE_MANAGER}'`);
    expect(
      ofKind(manifests, 'ValidatingAdmissionPolicyBinding').map(b => [
        b.spec.policyName,
        b.spec.validationActions,
      ]),
    ).toEqual([
      [`${CLUSTER}-namespaces`, ['Deny']],
      [`${CLUSTER}-rolebindings`, ['Deny']],
    ]);
  });

  it('leaves all of it out when rbac.create is false', () => {
    const without = renderChart({
      valuesFiles: LOCAL,
      set: { 'rbac.create': 'false' },
    });
    for (const kind of [
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]) {
      expect(ofKind(without, kind)).toEqual([]);
    }
    const appConfig = parseYaml(
      findManifest(without, 'ConfigMap', 'store-platform-api').data[
        'app-config.chart.yaml'
      ],
    );
    expect(appConfig.storePlatform.provisioning.rbac).toBeUndefined();
  });
});

describe('two installs in one cluster', () => {
  const CLUSTER_SCOPED = [
    'ClusterRole',
    'ClusterRoleBinding',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ];
  const render = (release: string, namespace: string, set = {}) =>
    renderChart({ release, namespace, valuesFiles: LOCAL, set });
  const clusterScopedNames = (manifests: Manifest[]) =>
    manifests
      .filter(m => CLUSTER_SCOPED.includes(m.kind))
      .map(m => `${m.kind}/${m.metadata.name}`);
  /** What the API labels its namespaces with: the ConfigMap's installation. */
  const apiInstallation = (manifests: Manifest[]) =>
    parseYaml(
      ofKind(manifests, 'ConfigMap').find(
        c => c.data?.['app-config.chart.yaml'],
      )!.data['app-config.chart.yaml'],
    ).storePlatform.provisioning.installation;
  const policy = (manifests: Manifest[], suffix: string) =>
    ofKind(manifests, 'ValidatingAdmissionPolicy').find(p =>
      p.metadata.name.endsWith(suffix),
    )!;
  const variable = (p: Manifest, name: string) =>
    p.spec.variables.find((v: any) => v.name === name).expression;
  const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

  it('name their cluster-scoped objects apart, even with one release name in two namespaces', () => {
    const installs = [
      render('store-platform', 'team-a'),
      render('store-platform', 'team-b'),
      render('shops', 'team-a'),
    ].map(clusterScopedNames);
    for (const names of installs) expect(names).toHaveLength(7);
    for (const [i, names] of installs.entries()) {
      for (const other of installs.slice(i + 1)) {
        expect(names.filter(n => other.includes(n))).toEqual([]);
      }
    }
  });

  it.each([
    ['shops-a', 'team-a', 'shops-b.team-b'],
    ['shops-b', 'team-b', 'shops-a.team-a'],
  ])(
    'release %s in %s labels and checks only its own value, on the old and the new object',
    (release, namespace, otherValue) => {
      const manifests = render(release, namespace);
      const value = `${release}.${namespace}`;
      expect(apiInstallation(manifests)).toBe(value);
      const label = `labels['store-platform.io/installation'] == '${value}'`;

      const namespaces = policy(manifests, '-namespaces');
      expect(namespaces.spec.matchConditions[0].expression).toBe(
        `request.userInfo.username == "system:serviceaccount:${namespace}:${release}-store-platform"`,
      );
      expect(variable(namespaces, 'oldManaged')).toContain(
        `oldObject.metadata.${label}`,
      );
      expect(variable(namespaces, 'newManaged')).toContain(
        `object.metadata.${label}`,
      );
      expect(namespaces.spec.validations.map((v: any) => v.expression)).toEqual(
        expect.arrayContaining([
          "request.operation != 'DELETE' || variables.oldManaged",
          "request.operation != 'UPDATE' || (variables.oldManaged && variables.newManaged)",
          "request.operation != 'CREATE' || (variables.newManaged && object.metadata.name.startsWith('store-'))",
        ]),
      );
      const rolebindings = policy(manifests, '-rolebindings');
      expect(rolebindings.spec.validations[0].expression).toContain(
        `namespaceObject.metadata.${label}`,
      );
      // Nothing of the other install's value anywhere in this one's policies.
      expect(
        JSON.stringify(ofKind(manifests, 'ValidatingAdmissionPolicy')),
      ).not.toContain(otherValue);
    },
  );

  it('shortens a value past 63 characters with a hash, so two long ones stay apart', () => {
    const release = `shops-${'r'.repeat(40)}`;
    const values = ['one', 'two'].map(suffix => {
      const manifests = render(release, `team-${'n'.repeat(40)}-${suffix}`);
      const value = apiInstallation(manifests);
      expect(
        variable(policy(manifests, '-namespaces'), 'oldManaged'),
      ).toContain(`== '${value}'`);
      return value;
    });
    for (const value of values) {
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(LABEL_VALUE);
      expect(value.startsWith(`${release}.team-`)).toBe(true);
    }
    expect(values[0]).not.toBe(values[1]);
  });

  it('takes provisioning.installation instead, e.g. to keep the stores of an earlier release', () => {
    const manifests = render('shops-new', 'team-a', {
      'provisioning.installation': 'shops-old.team-a',
    });
    expect(apiInstallation(manifests)).toBe('shops-old.team-a');
    expect(variable(policy(manifests, '-namespaces'), 'newManaged')).toContain(
      "== 'shops-old.team-a'",
    );
  });
});

describe('hardening', () => {
  it.each([[[]], [LOCAL]])(
    'every pod is restricted, sized and token-less unless it is the API (values %j)',
    files => {
      const manifests = renderChart({ valuesFiles: files });
      const pods = podTemplates(manifests);
      expect(pods.map(p => p.name).sort()).toEqual(
        [
          'Deployment store-platform-api',
          'Deployment store-platform-dashboard',
          'Job store-platform-smoke-test',
          ...(files.length ? ['StatefulSet store-platform-postgresql'] : []),
        ].sort(),
      );
      for (const { name, spec } of pods) {
        expect({ name, pod: spec.securityContext }).toEqual({
          name,
          pod: expect.objectContaining({
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          }),
        });
        expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
        expect({ name, automount: spec.automountServiceAccountToken }).toEqual({
          name,
          automount: name === 'Deployment store-platform-api',
        });
        for (const c of spec.containers) {
          expect({ name, container: c.securityContext }).toEqual({
            name,
            container: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
          });
          expect(c.resources.limits).toEqual({
            cpu: expect.anything(),
            memory: expect.anything(),
          });
          expect(c.resources.requests).toEqual({
            cpu: expect.anything(),
            memory: expect.anything(),
          });
        }
      }
    },
  );

  it('keeps every workload available through drains with a PodDisruptionBudget', () => {
    const manifests = renderChart();
    const pdbs = ofKind(manifests, 'PodDisruptionBudget');
    expect(pdbs.map(p => [p.metadata.name, p.spec.maxUnavailable])).toEqual([
      ['store-platform-api', 1],
      ['store-platform-dashboard', 1],
    ]);
    for (const pdb of pdbs) {
      const dep = findManifest(manifests, 'Deployment', pdb.metadata.name);
      expect(pdb.spec.selector.matchLabels).toEqual(
        dep.spec.selector.matchLabels,
      );
    }
  });

  it('ships a helm test hook that checks the dashboard config and the API health', () => {
    const [job] = ofKind(renderChart(), 'Job');
    expect(job.metadata.annotations['helm.sh/hook']).toBe('test');
    const script = job.spec.template.spec.containers[0].command.join(' ');
    expect(script).toContain('backstage.io/config');
    expect(script).toContain('/.backstage/health/v1/readiness');
  });
});

describe('values.schema.json', () => {
  it.each([
    [{ 'ingress.host': 'Dashboard_Host' }, '/ingress/host'],
    [{ 'api.replicas': '0' }, '/api/replicas'],
    [{ 'api.image.pullPolicy': 'Sometimes' }, '/api/image/pullPolicy'],
    [{ 'provisioning.scheme': 'ftp' }, '/provisioning/scheme'],
    [{ 'provisioning.podSecurity': 'privileged' }, '/provisioning/podSecurity'],
    [
      { 'provisioning.backups.retention': '0' },
      '/provisioning/backups/retention',
    ],
    [{ 'app.baseUrl': 'dashboard.localhost' }, '/app/baseUrl'],
    [{ 'externalDatabase.host': '' }, '/externalDatabase/host'],
    [
      { 'externalDatabase.existingSecret': '' },
      '/externalDatabase/existingSecret',
    ],
    [{ 'ingress.tls.enabled': 'true' }, '/ingress/tls'],
    [{ 'postgresql.persistence.size': 'lots' }, '/postgresql/persistence/size'],
    [{ 'api.resources.limits.memory': 'much' }, '/api/resources/limits/memory'],
    [
      { 'provisioning.images.wordpress': 'Not An Image' },
      '/provisioning/images/wordpress',
    ],
    [{ 'provisioning.installation': 'team/a' }, '/provisioning/installation'],
    [
      { 'provisioning.installation': 'a'.repeat(64) },
      '/provisioning/installation',
    ],
    [{ 'signIn.provider': 'github' }, '/signIn/provider'],
    [{ 'signIn.oidc.resolver': 'anyone' }, '/signIn/oidc/resolver'],
    [{ 'signIn.oidc.issuer': 'idp.example.com' }, '/signIn/oidc/issuer'],
    [{ 'signIn.oidc.prompt': 'maybe' }, '/signIn/oidc/prompt'],
    [{ unknownKey: 'x' }, "additional properties 'unknownKey' not allowed"],
  ])('rejects %j naming %s', (set, field) => {
    const error = renderChartError({ set });
    expect(error).toContain(
      "values don't meet the specifications of the schema",
    );
    expect(error).toContain(field);
  });

  it('accepts an external database once it is named', () => {
    expect(() =>
      renderChart({
        set: {
          'externalDatabase.host': 'db.internal',
          'externalDatabase.existingSecret': 'db',
        },
      }),
    ).not.toThrow();
  });
});
