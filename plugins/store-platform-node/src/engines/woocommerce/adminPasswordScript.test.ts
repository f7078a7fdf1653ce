import { adminPasswordScriptPath } from '../../resources/bootstrapScript';
import { WpSandbox } from './testing/WpSandbox';

const NEW_PASSWORD = 'new-Secret-456';

describe('the admin password script (bash, stand-in wp)', () => {
  let box: WpSandbox;
  beforeEach(() => {
    box = new WpSandbox(adminPasswordScriptPath(), {
      ADMIN_USER: 'admin',
      WORDPRESS_ADMIN_PASSWORD: NEW_PASSWORD,
    });
  });
  afterEach(() => box.cleanup());

  it("sets the administrator's password from stdin, never from an argument", () => {
    const result = box.wordpressStarted().set('installed', '').run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(box.read('password_of_admin')).toBe(NEW_PASSWORD);
    expect(result.calls).toEqual([
      expect.stringMatching(/user get admin --field=ID$/),
      expect.stringMatching(
        /user update admin --skip-email --prompt=user_pass$/,
      ),
    ]);
    for (const call of result.calls) expect(call).not.toContain(NEW_PASSWORD);
    // The stand-in echoes prompted values as wp-cli does; the script discards them.
    expect(result.stdout + result.stderr).not.toContain(NEW_PASSWORD);
    expect(result.stdout).toContain('the password of admin was changed');
  });

  it('fails clearly, changing nothing, when the administrator does not exist', () => {
    const result = box.wordpressStarted().run({ ADMIN_USER: 'nobody' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('WordPress has no user nobody');
    expect(result.calls.some(c => c.includes('user update'))).toBe(false);
  });

  it('refuses to run without a password', () => {
    const result = box.wordpressStarted().run({ WORDPRESS_ADMIN_PASSWORD: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('WORDPRESS_ADMIN_PASSWORD is required');
    expect(result.calls).toEqual([]);
  });
});
