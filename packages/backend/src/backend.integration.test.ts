import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  guestToken,
  RunningBackend,
  startBackend,
} from './__testUtils__/startBackend';

jest.setTimeout(180_000);

const templatesDir = resolvePackagePath('backend', '../../templates');

/** Template names as declared in templates/<dir>/template.yaml. */
function templatesInRepo(): string[] {
  return readdirSync(templatesDir, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => resolve(templatesDir, d.name, 'template.yaml'))
    .filter(existsSync)
    .map(file => {
      const text = readFileSync(file, 'utf8');
      const match = text.match(/^metadata:\s*\n(?:\s+.*\n)*?\s+name:\s*(\S+)/m);
      if (!match) throw new Error(`${file} has no metadata.name`);
      return match[1];
    })
    .sort();
}

/**
 * Names of the catalog entities of a kind. The catalog ingests file locations
 * in the background, so poll until `expectedCount` show up (or give up and let
 * the assertion report what is there).
 */
async function entityNames(
  backend: RunningBackend,
  token: string,
  kind: string,
  expectedCount: number,
): Promise<string[]> {
  let names: string[] = [];
  for (let attempt = 0; attempt < 60; attempt++) {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=${kind}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    names = (await res.json()).items.map((e: any) => e.metadata.name).sort();
    if (names.length >= expectedCount) break;
    await new Promise(r => setTimeout(r, 500));
  }
  return names;
}

describe('the reference backend, started as `yarn start` starts it', () => {
  let backend: RunningBackend;
  let token: string;

  beforeAll(async () => {
    backend = await startBackend();
    token = await guestToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers readiness with 200', async () => {
    const res = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/readiness`,
    );
    expect(res.status).toBe(200);
  });

  it('starts every plugin without an error', () => {
    const output = backend.output();
    expect(output).toMatch(/Plugin initialization complete/);
    const errorLines = output
      .split('\n')
      .filter(line => /\berror\b/i.test(line) || /startup failed/i.test(line));
    expect(errorLines).toEqual([]);
  });

  it('refuses the catalog without a token and serves it with the guest token', async () => {
    const anonymous = await fetch(`${backend.baseUrl}/api/catalog/entities`);
    expect(anonymous.status).toBe(401);

    expect(await entityNames(backend, token, 'group', 2)).toEqual([
      'platform-admins',
      'store-owners',
    ]);
  });

  it('lists exactly the templates in templates/, each with a parameter schema', async () => {
    const expected = templatesInRepo();
    const names = await entityNames(
      backend,
      token,
      'template',
      expected.length,
    );
    expect(names).toEqual(expected);
    for (const name of names) {
      const res = await fetch(
        `${backend.baseUrl}/api/scaffolder/v2/templates/default/template/${name}/parameter-schema`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(res.status).toBe(200);
    }
  });
});
