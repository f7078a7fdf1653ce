import {
  bootstrapScriptPath,
  DEFAULT_IMAGES,
  provisioningConfigWith,
  renderStoreManifests,
} from '@store-platform/plugin-store-platform-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  Dockerfile,
  execForm,
  exposedPorts,
  finalStage,
  instructionsOf,
  isNonRootUser,
  parseDockerfile,
  pinProblem,
  userOf,
} from './__testUtils__/dockerfile';
import { findManifest, renderChart } from './__testUtils__/helm';
import { repoPath } from './__testUtils__/repoPaths';

const read = (path: string) => readFileSync(repoPath(path), 'utf8');
const dockerfile = (image: string): Dockerfile =>
  parseDockerfile(read(`images/${image}/Dockerfile`));
const IMAGES = ['api', 'dashboard', 'wordpress-woocommerce'];

// What the cluster runs them with: the chart for the platform, the node library for stores.
const chart = renderChart({ valuesFiles: ['values-local.yaml'] });
const podSpec = (kind: string, name: string) =>
  findManifest(chart, kind, name).spec.template.spec;
const store = renderStoreManifests(
  {
    id: 'shop',
    title: 'Shop',
    engine: 'woocommerce',
    size: 'small',
    adminEmail: 'owner@example.com',
  },
  provisioningConfigWith(),
) as any[];
const storeObject = (kind: string, name: string) =>
  store.find(o => o.kind === kind && o.metadata.name === name);

describe.each(IMAGES)('images/%s/Dockerfile', image => {
  const parsed = dockerfile(image);

  it('parses, is multi-stage, and pins every base image to a full version', () => {
    expect(parsed.stages.length).toBeGreaterThanOrEqual(2);
    const problems = parsed.stages
      .filter(s => !s.fromStage)
      .map(s => pinProblem(s.from))
      .filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('runs as a non-root user', () => {
    expect(isNonRootUser(userOf(finalStage(parsed)))).toBe(true);
  });
});

describe('store-platform-api', () => {
  const final = finalStage(dockerfile('api'));
  const pod = podSpec('Deployment', 'store-platform-api');

  it('uses the Node of the repository toolchain', () => {
    const version = read('scripts/lib/toolchain.sh').match(
      /STORE_PLATFORM_NODE_VERSION:-([\d.]+)/,
    )![1];
    expect(dockerfile('api').globalArgs.NODE_IMAGE).toBe(
      `node:${version}-bookworm-slim`,
    );
  });

  it('agrees with the chart: port, uid, entrypoint and config files', () => {
    expect(exposedPorts(final)).toEqual([
      pod.containers[0].ports[0].containerPort,
    ]);
    expect(Number(userOf(final))).toBe(pod.securityContext.runAsUser);
    expect(execForm(instructionsOf(final, 'ENTRYPOINT')[0])).toEqual([
      'node',
      'packages/backend',
    ]);
    // The chart's --config files: the image's two, and the ConfigMap mount.
    const args: string[] = pod.containers[0].args;
    const configs = args.filter((_, i) => args[i - 1] === '--config');
    expect(configs).toEqual([
      'app-config.yaml',
      'app-config.production.yaml',
      '/etc/store-platform/app-config.chart.yaml',
    ]);
    const copies = instructionsOf(final, 'COPY').map(c => c.args);
    expect(copies).toContain(
      '--chown=node:node app-config.yaml app-config.production.yaml ./',
    );
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/etc/store-platform',
      readOnly: true,
    });
  });

  it('unpacks and installs as the node user, which must read and own /app', () => {
    // bundle.tar.gz's "./" entry is root's, mode 0700: tar run as root gives /app that.
    const asRoot = dockerfile('api').stages.flatMap(stage => {
      let user: string | undefined; // each stage starts as its base's user: root
      return stage.instructions.flatMap(i => {
        if (i.keyword === 'USER') user = i.args;
        const unpacksOrInstalls =
          i.keyword === 'RUN' && /tar xzf|yarn /.test(i.args);
        return unpacksOrInstalls && !isNonRootUser(user) ? [i.args] : [];
      });
    });
    expect(asRoot).toEqual([]);
  });

  it('carries no app bundle: the Ingress sends / to the dashboard image', () => {
    // backstage-cli packs the backend's local production dependencies into bundle.tar.gz
    // and skeleton.tar.gz (whose packages the image installs): not the app.
    const backend = JSON.parse(read('packages/backend/package.json'));
    expect(Object.keys(backend.dependencies)).not.toContain('app');
    const copies = dockerfile('api')
      .stages.flatMap(stage => instructionsOf(stage, 'COPY'))
      .map(c => c.args);
    expect(copies.filter(c => c.includes('packages/app'))).toEqual([]);
    expect(read('images/api/Dockerfile.dockerignore')).not.toMatch(
      /packages\/app/,
    );
    // So the backend must not try to serve one (app-backend would fail to find it).
    const production = parseYaml(read('app-config.production.yaml'));
    expect(production.app.servedByBackend).not.toBe(true);
  });

  it("takes Yarn's patches into the build context, where the install applies them", () => {
    const { resolutions } = JSON.parse(read('package.json'));
    const patches = Object.values(resolutions as Record<string, string>)
      .map(r => /^patch:.*#~\/(.+)$/.exec(r)?.[1])
      .filter((file): file is string => Boolean(file));
    expect(patches.length).toBeGreaterThan(0);
    const ignore = read('images/api/Dockerfile.dockerignore').split('\n');
    for (const file of patches) {
      expect(() => read(file)).not.toThrow();
      expect(file).toMatch(/^\.yarn\/patches\/[^/]+\.patch$/);
    }
    expect(ignore).toContain('!.yarn/patches/*.patch');
    expect(instructionsOf(dockerfile('api').stages[0], 'COPY')[0].args).toBe(
      '--chown=node:node .yarn ./.yarn',
    );
  });

  it("makes Yarn's global folder as node before mounting its cache inside it", () => {
    const runs = instructionsOf(dockerfile('api').stages[0], 'RUN').map(
      r => r.args,
    );
    const mkdir = runs.indexOf('mkdir -p /home/node/.yarn/berry/cache');
    const focus = runs.findIndex(r =>
      r.startsWith(
        '--mount=type=cache,target=/home/node/.yarn/berry/cache,sharing=locked,uid=1000,gid=1000 ',
      ),
    );
    expect(mkdir).toBeGreaterThanOrEqual(0);
    expect(focus).toBeGreaterThan(mkdir);
  });

  it('copies the catalog and templates where app-config.production.yaml reads them', () => {
    const production = parseYaml(read('app-config.production.yaml'));
    const targets: string[] = production.catalog.locations.map(
      (l: any) => l.target,
    );
    expect(targets).toEqual([
      './catalog/org.yaml',
      './templates/*/template.yaml',
    ]);
    const copies = instructionsOf(finalStage(dockerfile('api')), 'COPY').map(
      c => c.args,
    );
    expect(copies).toContain(
      '--chown=node:node packages/backend/catalog ./catalog',
    );
    expect(copies).toContain('--chown=node:node templates ./templates');
    expect(() => read('packages/backend/catalog/org.yaml')).not.toThrow();
  });

  it('carries the bootstrap script: an asset of the node library, packed into the backend bundle', () => {
    const nodePackage = JSON.parse(
      read('plugins/store-platform-node/package.json'),
    );
    const scriptPath = relative(
      repoPath('plugins/store-platform-node'),
      bootstrapScriptPath(),
    );
    expect(scriptPath).toBe('assets/woocommerce-bootstrap.sh');
    // backstage-cli packs a workspace package's `files` into bundle.tar.gz.
    expect(nodePackage.files).toContain('assets');
    expect(
      read('plugins/store-platform-node/assets/woocommerce-bootstrap.sh'),
    ).toMatch(/^#!\/usr\/bin\/env bash/);
  });
});

describe('store-platform-dashboard', () => {
  const final = finalStage(dockerfile('dashboard'));
  const pod = podSpec('Deployment', 'store-platform-dashboard');
  const nginx = read('images/dashboard/nginx.conf');
  const main = pod.containers[0];

  it('agrees with the chart: port, uid, probe path and the runtime config file', () => {
    const port = main.ports[0].containerPort;
    expect(exposedPorts(final)).toEqual([port]);
    expect(nginx).toContain(`listen ${port};`);
    expect(Number(userOf(final))).toBe(pod.securityContext.runAsUser);
    expect(main.readinessProbe.httpGet.path).toBe('/healthz');
    expect(nginx).toContain('location = /healthz');
    // The entrypoint reads the file the chart mounts from its ConfigMap.
    const configFile = main.env.find(
      (e: any) => e.name === 'RUNTIME_CONFIG_FILE',
    ).value;
    expect(instructionsOf(final, 'ENV').map(e => e.args)).toContain(
      `RUNTIME_CONFIG_FILE=${configFile}`,
    );
    const mount = main.volumeMounts.find((m: any) => m.name === 'config');
    const configMap = findManifest(
      chart,
      'ConfigMap',
      pod.volumes.find((v: any) => v.name === 'config').configMap.name,
    );
    expect(
      Object.keys(configMap.data).map(key => `${mount.mountPath}/${key}`),
    ).toEqual([configFile]);
  });

  it('writes only under /tmp, the emptyDir of a read-only root filesystem', () => {
    expect(main.volumeMounts).toContainEqual({
      name: 'tmp',
      mountPath: '/tmp',
    });
    expect(nginx).toMatch(/^pid \/tmp\//m);
    for (const [, path] of nginx.matchAll(/_temp_path (\S+);/g))
      expect(path).toMatch(/^\/tmp\//);
    expect(nginx).toContain('root /tmp/runtime;');
    expect(read('images/dashboard/render-index.sh')).toContain(
      'out_dir="${INDEX_OUT_DIR:-/tmp/runtime}"',
    );
    expect(execForm(instructionsOf(final, 'ENTRYPOINT')[0])).toEqual([
      '/usr/local/bin/dashboard-entrypoint.sh',
    ]);
  });
});

describe('store-platform-wordpress-woocommerce', () => {
  const parsed = dockerfile('wordpress-woocommerce');
  const final = finalStage(parsed);
  const text = read('images/wordpress-woocommerce/Dockerfile');
  const deployment = storeObject('Deployment', 'wordpress');
  const wordpress = deployment.spec.template.spec.containers[0];
  const job = store.find(o => o.kind === 'Job');

  it('is the image the provisioning deploys, on a WordPress 6.8 base', () => {
    expect(DEFAULT_IMAGES.wordpress.split(':')[0]).toBe(
      'store-platform-wordpress-woocommerce',
    );
    expect(final.from).toMatch(/^wordpress:6\.8\.\d+-php[\d.]+-apache$/);
    const values = parseYaml(read('helm/store-platform/values.yaml'));
    expect(values.provisioning.images.wordpress.split(':')[0]).toBe(
      'store-platform-wordpress-woocommerce',
    );
  });

  it('listens where the Deployment expects, as the uid it runs with', () => {
    const port = wordpress.ports[0].containerPort;
    expect(exposedPorts(final)).toEqual([port]);
    expect(text).toContain(`s/^Listen 80$/Listen ${port}/`);
    expect(text).toContain(`<VirtualHost *:${port}>`);
    const uid = Number(userOf(final));
    expect(uid).toBe(deployment.spec.template.spec.securityContext.runAsUser);
    expect(uid).toBe(job.spec.template.spec.securityContext.runAsUser);
  });

  it('bundles WooCommerce where the bootstrap Job looks for it', () => {
    // The base entrypoint copies /usr/src/wordpress into the volume the Deployment mounts.
    expect(wordpress.volumeMounts).toContainEqual({
      name: 'html',
      mountPath: '/var/www/html',
    });
    const bootstrap = job.spec.template.spec.containers[0];
    expect(bootstrap.env).toContainEqual({
      name: 'WP_PATH',
      value: '/var/www/html',
    });
    expect(
      read('plugins/store-platform-node/assets/woocommerce-bootstrap.sh'),
    ).toContain('wp-content/plugins/woocommerce');
    const copy = instructionsOf(final, 'COPY').map(c => c.args);
    expect(copy).toEqual([
      '--from=woocommerce --chown=33:33 /plugins/woocommerce /usr/src/wordpress/wp-content/plugins/woocommerce',
    ]);
  });

  it("downloads on Debian (its package mirror is reachable where Alpine's may not be)", () => {
    const download = parsed.stages.find(s => s.name === 'woocommerce')!;
    expect(download.from).toMatch(/^debian:\d+\.\d+-slim$/);
    const runs = instructionsOf(download, 'RUN').map(r => r.args);
    expect(runs[1]).toBe(
      'apt-get update && apt-get install -y --no-install-recommends ca-certificates curl unzip',
    );
    expect(runs.join('\n')).not.toMatch(/\bapk\b/);
  });

  describe('the download step, as the build runs it', () => {
    const download = parsed.stages.find(s => s.name === 'woocommerce')!;
    const step = instructionsOf(download, 'RUN')
      .map(r => r.args)
      .find(r => r.includes('downloads.wordpress.org'))!;
    const version = parsed.globalArgs.WOOCOMMERCE_VERSION!;
    const bin = mkdtempSync(join(tmpdir(), 'woocommerce-download-'));
    afterAll(() => rmSync(bin, { recursive: true, force: true }));
    const runWithCurl = (curl: string) => {
      writeFileSync(join(bin, 'curl'), `#!/bin/sh\n${curl}\n`, { mode: 0o755 });
      return spawnSync('sh', ['-c', step], {
        env: { PATH: `${bin}:/usr/bin:/bin`, WOOCOMMERCE_VERSION: version },
        encoding: 'utf8',
      });
    };

    it('fails offline and says the step needs internet access', () => {
      const result = runWithCurl(
        'echo "curl: (6) Could not resolve host: downloads.wordpress.org" >&2; exit 6',
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `could not download WooCommerce ${version} from downloads.wordpress.org: this step needs internet access`,
      );
    });

    it('passes quietly when the download works', () => {
      const result = runWithCurl('exit 0');
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
    });
  });

  it('pins WooCommerce and refuses to build without its checksum', () => {
    expect(parsed.globalArgs.WOOCOMMERCE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const download = parsed.stages.find(s => s.name === 'woocommerce')!;
    const args = instructionsOf(download, 'ARG').map(a => a.args);
    expect(args).toEqual(['WOOCOMMERCE_VERSION', 'WOOCOMMERCE_SHA256']);
    const runs = instructionsOf(download, 'RUN').map(r => r.args);
    expect(runs[0]).toMatch(
      /if \[ -z "\$\{WOOCOMMERCE_SHA256\}" \]; then .* exit 1; fi/,
    );
    expect(runs.join('\n')).toContain('sha256sum -c -');
    // sha256sum's check format needs two spaces; the reader collapses them, so read the file.
    expect(text).toContain(
      'echo "${WOOCOMMERCE_SHA256}  /tmp/woocommerce.zip" | sha256sum -c -',
    );
  });
});
