import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapScriptPath } from '../../resources/bootstrapScript';
import { WpSandbox } from './testing/WpSandbox';

const PASSWORD = 'pw-Secret-123';

/** The real bootstrap script under bash, with the stand-in `wp` first on PATH. */
const bootstrapSandbox = () =>
  new WpSandbox(bootstrapScriptPath(), {
    STORE_URL: 'http://shop.localhost',
    STORE_TITLE: 'My Shop',
    ADMIN_USER: 'admin',
    ADMIN_EMAIL: 'owner@example.com',
    WORDPRESS_ADMIN_PASSWORD: PASSWORD,
    BOOTSTRAP_ATTEMPTS: '5',
    BOOTSTRAP_RETRY_DELAY: '0',
  });

/** wp calls that change the site. */
const MUTATING =
  /^--path=\S+ (core install|plugin activate|post create|post meta|option (update|add|patch)|rewrite flush)/;

describe('the WooCommerce bootstrap script (bash, stand-in wp)', () => {
  let box: WpSandbox;
  beforeEach(() => {
    box = bootstrapSandbox();
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
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('gives wp the admin password on stdin, never as an argument', () => {
    const result = box.wordpressStarted().run();
    expect(result.status).toBe(0);
    expect(result.calls.some(c => c.includes('core install'))).toBe(true);
    // The argv of every wp call, as /proc/<pid>/cmdline would show it.
    for (const call of result.calls) expect(call).not.toContain(PASSWORD);
    expect(box.read('password_of_admin')).toBe(PASSWORD);
    // The stand-in echoes prompted values, as wp-cli does: the script discards them.
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
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
