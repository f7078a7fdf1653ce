import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapScriptPath } from '../../resources/bootstrapScript';

/** Runs the real bootstrap script under bash with the stand-in `wp` first on PATH. */
class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'wc-bootstrap-'));
  readonly state = join(this.dir, 'state');
  readonly html = join(this.dir, 'html');
  readonly bin = join(this.dir, 'bin');

  constructor() {
    for (const d of [this.state, this.html, this.bin]) mkdirSync(d);
    copyFileSync(
      join(__dirname, 'testing', 'fake-wp.sh'),
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

  run(env: Record<string, string> = {}) {
    writeFileSync(join(this.state, 'calls'), '');
    const result = spawnSync('bash', [bootstrapScriptPath()], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        PATH: `${this.bin}:${process.env.PATH}`,
        FAKE_WP_STATE: this.state,
        WP_PATH: this.html,
        STORE_URL: 'http://shop.localhost',
        STORE_TITLE: 'My Shop',
        ADMIN_USER: 'admin',
        ADMIN_EMAIL: 'owner@example.com',
        WORDPRESS_ADMIN_PASSWORD: 'pw-Secret-123',
        BOOTSTRAP_ATTEMPTS: '5',
        BOOTSTRAP_RETRY_DELAY: '0',
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

/** wp calls that change the site. */
const MUTATING =
  /^--path=\S+ (core install|plugin activate|post create|post meta|option (update|add|patch)|rewrite flush)/;

describe('the WooCommerce bootstrap script (bash, stand-in wp)', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = new Sandbox();
  });
  afterEach(() => box.cleanup());

  it('bootstraps a fresh store through the seven steps', () => {
    const result = box.wordpressStarted().run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = result.calls.map(c => c.replace(/^--path=\S+ /, ''));
    expect(
      calls.filter(c =>
        /^(core install|plugin activate|post create|option update|option add|rewrite flush)/.test(
          c,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^core install --url=http:\/\/shop\.localhost --title=My\\ Shop --admin_user=admin/,
      ),
      'plugin activate woocommerce',
      expect.stringMatching(
        /^post create --post_type=product --post_status=publish --post_title=Sample\\ Product/,
      ),
      'option update woocommerce_enable_guest_checkout yes',
      expect.stringMatching(/^option add woocommerce_cod_settings/),
      expect.stringMatching(/^option add woocommerce_cheque_settings/),
      'rewrite flush',
    ]);
    expect(box.read('products')).toBe('1\n');
    expect(box.read('options/woocommerce_cod_settings.enabled')).toBe('yes');
    expect(box.read('options/woocommerce_cheque_settings.enabled')).toBe('yes');
    expect(result.stdout).toContain('step 7/7');
    expect(result.stdout + result.stderr).not.toContain('pw-Secret-123');
  });

  it('changes nothing when run again on a ready store', () => {
    box.wordpressStarted();
    expect(box.run().status).toBe(0);
    const again = box.run();
    expect(again.status).toBe(0);
    expect(again.calls.filter(c => MUTATING.test(c))).toEqual([]);
    expect(again.stdout).toContain('nothing changed');
    expect(box.read('products')).toBe('1\n');
  });

  it('does not reinstall an installed WordPress but completes what is missing', () => {
    box.wordpressStarted().set('installed', '');
    const result = box.run();
    expect(result.status).toBe(0);
    expect(result.calls.some(c => c.includes('core install'))).toBe(false);
    expect(
      result.calls.some(c => c.includes('plugin activate woocommerce')),
    ).toBe(true);
  });

  it('fails clearly when the WooCommerce plugin is not in the image', () => {
    box.wordpressStarted();
    rmSync(join(box.state, 'plugin_present'));
    const result = box.run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'the WooCommerce plugin is not in the WordPress image',
    );
    expect(result.calls.some(c => c.includes('plugin activate'))).toBe(false);
  });

  it('does not seed a catalog that has products', () => {
    const result = box.wordpressStarted().set('products', '3\n').run();
    expect(result.status).toBe(0);
    expect(result.calls.some(c => c.includes('post create'))).toBe(false);
    expect(result.stdout).toContain('catalog has 3 product(s); not seeding');
  });

  it('retries the install while the database is not reachable yet', () => {
    const result = box.wordpressStarted().set('db_failures', '3').run();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('install attempt 1 failed; retrying');
    expect(box.read('installed')).toBe('');
  });

  it('gives up after the bounded number of attempts when the database never answers', () => {
    const result = box
      .wordpressStarted()
      .set('db_failures', '1000')
      .run({ BOOTSTRAP_ATTEMPTS: '3' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'WordPress could not be installed after 3 attempts',
    );
    expect(result.calls.filter(c => c.includes('core install'))).toHaveLength(
      3,
    );
  });

  it('waits for wp-config.php, bounded', () => {
    const result = box.run({ BOOTSTRAP_ATTEMPTS: '2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('wp-config.php did not appear');
    expect(result.calls).toEqual([]);
  });

  it('passes hostile titles and emails to wp as data, never as shell', () => {
    const marker = join(box.dir, 'pwned');
    const title = `$(touch ${marker}) \`touch ${marker}\`; touch ${marker} #"'`;
    const result = box
      .wordpressStarted()
      .run({ STORE_TITLE: title, ADMIN_EMAIL: `a@b.c;touch ${marker}` });
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(box.read('title')).toBe(title);
  });
});
