import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs one of the package's wp-cli scripts under bash with the stand-in `wp`
 * (`fake-wp.sh`) first on PATH. The stand-in keeps the simulated WordPress in
 * files under `state` and records the argv of every `wp` call.
 */
export class WpSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'wp-script-'));
  readonly state = join(this.dir, 'state');
  readonly html = join(this.dir, 'html');
  readonly bin = join(this.dir, 'bin');

  constructor(
    private readonly scriptPath: string,
    private readonly defaultEnv: Record<string, string>,
  ) {
    for (const d of [this.state, this.html, this.bin]) mkdirSync(d);
    copyFileSync(
      resolvePackagePath(
        '@store-platform/plugin-store-platform-node',
        'src/engines/woocommerce/testing/fake-wp.sh',
      ),
      join(this.bin, 'wp'),
    );
    chmodSync(join(this.bin, 'wp'), 0o755);
  }

  /** A WordPress pod has started: wp-config.php exists, the plugin is bundled. */
  wordpressStarted() {
    writeFileSync(join(this.html, 'wp-config.php'), '<?php // test');
    writeFileSync(join(this.state, 'plugin_present'), '');
    return this;
  }

  set(file: string, content: string) {
    writeFileSync(join(this.state, file), content);
    return this;
  }

  /** Runs the script; `calls` is the argv of each `wp` call, shell-quoted. */
  run(env: Record<string, string> = {}) {
    writeFileSync(join(this.state, 'calls'), '');
    rmSync(join(this.state, 'prompted'), { recursive: true, force: true });
    const result = spawnSync('bash', [this.scriptPath], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        PATH: `${this.bin}:${process.env.PATH}`,
        FAKE_WP_STATE: this.state,
        WP_PATH: this.html,
        ...this.defaultEnv,
        ...env,
      },
    });
    const calls = readFileSync(join(this.state, 'calls'), 'utf8')
      .split('\n')
      .map(c => c.trim())
      .filter(Boolean);
    return { ...result, calls };
  }

  read(file: string) {
    return readFileSync(join(this.state, file), 'utf8');
  }

  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
