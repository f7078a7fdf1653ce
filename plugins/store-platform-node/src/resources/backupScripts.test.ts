import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backupFetchScript,
  backupScript,
  restoreScript,
} from './bootstrapScript';

/*
 * The backup and restore scripts run for real with bash, GNU tar, gzip and
 * coreutils, against a stand-in database client on PATH that records what it
 * was asked (arguments, whether MYSQL_PWD reached it, the SQL it was fed).
 */

const PASSWORD = 'db-password-never-in-argv';
const FAKE_DUMP = `#!/bin/sh
echo "$*" >> "$FAKE_LOG/dump.args"
[ -n "$MYSQL_PWD" ] && echo set > "$FAKE_LOG/dump.pwd"
[ "\${FAKE_DUMP_EXIT:-0}" = 0 ] || { echo "access denied" >&2; exit "$FAKE_DUMP_EXIT"; }
echo "CREATE TABLE wp_options (option_name text);"
echo "INSERT INTO wp_options VALUES ('siteurl');"
`;
const FAKE_CLIENT = `#!/bin/sh
echo "$*" >> "$FAKE_LOG/client.args"
case "$*" in
  *"SELECT CONCAT('DROP"*) echo 'DROP TABLE IF EXISTS \`wp_extra\`;' ;;
  *"LIKE '%options'"*) echo wp_options ;;
  *UPDATE*) echo "$*" >> "$FAKE_LOG/client.updates" ;;
  *) cat >> "$FAKE_LOG/client.loaded" ;;
esac
`;

let root: string;
let env: Record<string, string>;

function run(script: string, name: string, extra: Record<string, string>) {
  // --norc: bash reads ~/.bashrc when its stdin looks like a remote shell's.
  return spawnSync('bash', ['--norc', '--noprofile', '-c', script, name], {
    env: { ...env, ...extra },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
const read = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8') : '';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'store-backup-'));
  const bin = join(root, 'bin');
  for (const dir of ['bin', 'log', 'backups', 'html/wp-content/uploads']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  writeFileSync(join(bin, 'mariadb-dump'), FAKE_DUMP);
  writeFileSync(join(bin, 'mariadb'), FAKE_CLIENT);
  chmodSync(join(bin, 'mariadb-dump'), 0o755);
  chmodSync(join(bin, 'mariadb'), 0o755);
  writeFileSync(join(root, 'html/wp-content/uploads/shirt.png'), 'old shirt');
  env = {
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_LOG: join(root, 'log'),
    WP_PATH: join(root, 'html'),
    TERMINATION_LOG: join(root, 'log/termination'),
    DB_HOST: 'mariadb',
    DB_PORT: '3306',
    DB_NAME: 'wordpress',
    DB_USER: 'wordpress',
    MYSQL_PWD: PASSWORD,
  };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const backup = (id: string, extra: Record<string, string> = {}) =>
  run(backupScript(), 'store-backup', {
    BACKUP_ID: id,
    BACKUP_DIR: join(root, 'backups'),
    KEEP: '2',
    ...extra,
  });

describe('the backup script', () => {
  it('writes the dump and wp-content under the id, reports the size, and keeps the password off every command line', () => {
    const result = backup('shop-20261130-180000');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dir = join(root, 'backups/shop-20261130-180000');
    expect(readdirSync(dir).sort()).toEqual([
      'database.sql.gz',
      'wp-content.tar.gz',
    ]);
    const list = spawnSync('tar', ['-tzf', join(dir, 'wp-content.tar.gz')], {
      encoding: 'utf8',
    }).stdout;
    expect(list).toContain('wp-content/uploads/shirt.png');
    const dump = spawnSync('gunzip', ['-c', join(dir, 'database.sql.gz')], {
      encoding: 'utf8',
    }).stdout;
    expect(dump).toContain('CREATE TABLE wp_options');
    expect(read(join(root, 'log/termination'))).toMatch(
      /^size-bytes=[1-9]\d*$/,
    );
    expect(read(join(root, 'log/dump.pwd'))).toBe('set\n');
    expect(read(join(root, 'log/dump.args'))).not.toContain(PASSWORD);
    expect(result.stdout).not.toContain(PASSWORD);
  });

  it('keeps the newest backups up to KEEP once a new one is complete', () => {
    for (const old of ['shop-20261101-000000', 'shop-20261102-000000']) {
      mkdirSync(join(root, 'backups', old));
    }
    expect(backup('shop-20261130-180000').status).toBe(0);
    expect(readdirSync(join(root, 'backups')).sort()).toEqual([
      'shop-20261102-000000',
      'shop-20261130-180000',
    ]);
  });

  it('loses nothing when the dump fails: no backup under the id, older ones untouched', () => {
    mkdirSync(join(root, 'backups/shop-20261101-000000'));
    mkdirSync(join(root, 'backups/shop-20261102-000000'));
    const result = backup('shop-20261130-180000', { FAKE_DUMP_EXIT: '2' });
    expect(result.status).not.toBe(0);
    expect(read(join(root, 'log/termination'))).toBe(
      'the dump of database wordpress failed',
    );
    expect(
      readdirSync(join(root, 'backups')).filter(d => !d.startsWith('.')),
    ).toEqual(['shop-20261101-000000', 'shop-20261102-000000']);
    // the next attempt clears the leftovers
    expect(backup('shop-20261130-190000').status).toBe(0);
    expect(
      readdirSync(join(root, 'backups')).filter(d => d.startsWith('.')),
    ).toEqual([]);
  });

  it('does a complete backup only once', () => {
    expect(backup('shop-20261130-180000').status).toBe(0);
    rmSync(join(root, 'log/dump.args'));
    expect(backup('shop-20261130-180000').status).toBe(0);
    expect(existsSync(join(root, 'log/dump.args'))).toBe(false);
  });

  it.each([['../etc'], ['shop-2026']])('refuses the id %j', id => {
    const result = backup(id);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('malformed BACKUP_ID');
  });
});

describe('the restore script', () => {
  let source: string;
  const restore = (extra: Record<string, string> = {}) =>
    run(restoreScript(), 'store-restore', {
      BACKUP_ID: 'shop-20261130-180000',
      SOURCE_DIR: source,
      STORE_URL: 'http://copy.localhost',
      ...extra,
    });

  beforeEach(() => {
    // a backup whose wp-content has a new upload
    const made = join(root, 'made/wp-content/uploads');
    mkdirSync(made, { recursive: true });
    writeFileSync(join(made, 'dress.png'), 'new dress');
    source = join(root, 'source');
    mkdirSync(source);
    spawnSync('tar', [
      '-C',
      join(root, 'made'),
      '-czf',
      join(source, 'wp-content.tar.gz'),
      'wp-content',
    ]);
    spawnSync('sh', [
      '-c',
      `echo "CREATE TABLE wp_posts (id int);" | gzip -c > "${source}/database.sql.gz"`,
    ]);
  });

  it('loads the dump over a cleared database, keeps the store address, then swaps in wp-content', () => {
    const result = restore();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const loaded = read(join(root, 'log/client.loaded'));
    expect(loaded).toMatch(
      /^SET FOREIGN_KEY_CHECKS=0;\nDROP TABLE IF EXISTS `wp_extra`;\nCREATE TABLE wp_posts/,
    );
    expect(read(join(root, 'log/client.updates'))).toContain(
      "UPDATE `wp_options` SET option_value = 'http://copy.localhost' WHERE option_name IN ('siteurl', 'home')",
    );
    expect(readdirSync(join(root, 'html/wp-content/uploads'))).toEqual([
      'dress.png',
    ]);
    expect(readdirSync(join(root, 'html'))).toEqual(['wp-content']);
    expect(read(join(root, 'log/client.args'))).not.toContain(PASSWORD);
  });

  it('changes nothing when an archive is damaged', () => {
    writeFileSync(join(source, 'wp-content.tar.gz'), 'not a tarball');
    const result = restore();
    expect(result.status).not.toBe(0);
    expect(read(join(root, 'log/termination'))).toBe(
      'the wp-content archive of backup shop-20261130-180000 is damaged',
    );
    expect(existsSync(join(root, 'log/client.args'))).toBe(false);
    expect(readdirSync(join(root, 'html/wp-content/uploads'))).toEqual([
      'shirt.png',
    ]);
  });

  it('says so when the backup has no files', () => {
    rmSync(join(source, 'database.sql.gz'));
    const result = restore();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'backup shop-20261130-180000 has no files (removed by retention, or never completed)',
    );
    expect(existsSync(join(root, 'log/client.args'))).toBe(false);
  });

  it('refuses a store address that could carry SQL', () => {
    const result = restore({
      STORE_URL: "http://x.localhost'; DROP TABLE x; --",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('malformed STORE_URL');
    expect(existsSync(join(root, 'log/client.args'))).toBe(false);
  });
});

describe("the clone's fetch script", () => {
  // A stand-in wget that fails until its FAKE_WGET_FAILURES are used up, then
  // copies from FAKE_SERVER_DIR; and a sleep that does not sleep.
  const FAKE_WGET = `#!/bin/sh
echo "$*" >> "$FAKE_LOG/wget.args"
count=$(cat "$FAKE_LOG/wget.count" 2>/dev/null || echo 0)
echo $((count + 1)) > "$FAKE_LOG/wget.count"
[ "$count" -ge "\${FAKE_WGET_FAILURES:-0}" ] || exit 4
eval "out=\\$$(($# - 1))"
cp "$FAKE_SERVER_DIR/$(basename "$(eval echo \\$$#)")" "$out"
`;
  const fetch = (extra: Record<string, string> = {}) =>
    run(backupFetchScript(), 'store-backup-fetch', {
      SOURCE_URL: 'http://10.244.0.9:8080',
      DEST: join(root, 'restore'),
      FAKE_SERVER_DIR: join(root, 'backups/shop-20261130-180000'),
      ...extra,
    });

  beforeEach(() => {
    writeFileSync(join(root, 'bin/wget'), FAKE_WGET);
    writeFileSync(join(root, 'bin/sleep'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(root, 'bin/wget'), 0o755);
    chmodSync(join(root, 'bin/sleep'), 0o755);
    const made = backup('shop-20261130-180000');
    if (made.status !== 0)
      throw new Error(`no backup to serve: ${made.stderr}`);
  });

  it('copies both files, trying again while the export server starts', () => {
    const result = fetch({ FAKE_WGET_FAILURES: '3' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of ['database.sql.gz', 'wp-content.tar.gz']) {
      expect(readFileSync(join(root, 'restore', file))).toEqual(
        readFileSync(join(root, 'backups/shop-20261130-180000', file)),
      );
    }
    // no -T: Debian's busybox 1.35 wget crashes with it
    expect(read(join(root, 'log/wget.args'))).not.toMatch(/-T/);
  });

  it('gives up with a clear message when the server never answers', () => {
    const result = fetch({ FAKE_WGET_FAILURES: '100' });
    expect(result.status).not.toBe(0);
    expect(read(join(root, 'log/termination'))).toBe(
      'database.sql.gz could not be copied from the source store\n',
    );
    expect(read(join(root, 'log/wget.count'))).toBe('10\n');
  });
});
