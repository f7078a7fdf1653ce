import { ConfigSchema, loadConfigSchema } from '@backstage/config-loader';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root, from packages/backend/src/config. */
const REPO_ROOT = resolve(__dirname, '../../../..');

/** The packages whose config.d.ts this repository owns (the reference backend's too). */
const OUR_SCHEMA_PACKAGES = [
  'plugins/catalog-backend-module-store-platform',
  'plugins/scaffolder-backend-module-store-platform',
  'plugins/store-platform-backend',
  'plugins/store-platform-node',
  'packages/backend',
  'packages/app',
];

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
};

/**
 * Every key our schemas declare, as a path of property names; `[]` stands for
 * "any element of the array", `*` for "any key of the map". A key whose
 * schema has properties is not listed itself, only its leaves.
 */
function declaredKeys(schema: JsonSchema, path: string[] = []): string[][] {
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([name, child]) =>
      declaredKeys(child, [...path, name]),
    );
  }
  if (schema.items && !Array.isArray(schema.items) && schema.items.properties) {
    return declaredKeys(schema.items, [...path, '[]']);
  }
  if (
    typeof schema.additionalProperties === 'object' &&
    schema.additionalProperties.properties
  ) {
    return declaredKeys(schema.additionalProperties, [...path, '*']);
  }
  return [path];
}

/**
 * The configuration schema of the reference backend and app, compiled by
 * Backstage's own loader (with the Backstage packages they depend on), and the
 * JSON schema of each of our packages' config.d.ts on its own.
 */
async function loadOurConfigSchemas(): Promise<{
  schema: ConfigSchema;
  ours: Array<{ path: string; value: JsonSchema }>;
}> {
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: OUR_SCHEMA_PACKAGES.map(p =>
      resolve(REPO_ROOT, p, 'package.json'),
    ),
    noUndeclaredProperties: true,
  });
  const serialized = schema.serialize() as {
    schemas: Array<{ path: string; value: JsonSchema }>;
  };
  const ours = serialized.schemas.filter(s => !s.path.includes('node_modules'));
  return { schema, ours };
}

/**
 * Whether the config sets the key: for `[]`, some element of the array sets
 * the rest; for `*`, some entry of the map does.
 */
function setsKey(config: unknown, path: string[]): boolean {
  if (path.length === 0) {
    return (
      config !== undefined &&
      config !== null &&
      !(Array.isArray(config) && config.length === 0) &&
      !(typeof config === 'object' && Object.keys(config).length === 0)
    );
  }
  const [head, ...rest] = path;
  if (head === '[]') {
    return Array.isArray(config) && config.some(item => setsKey(item, rest));
  }
  if (typeof config !== 'object' || config === null) return false;
  const object = config as Record<string, unknown>;
  if (head === '*') {
    return Object.values(object).some(value => setsKey(value, rest));
  }
  return setsKey(object[head], rest);
}

/** The file scripts/check-config validates with `config:check --strict`. */
const FIXTURE = resolve(
  REPO_ROOT,
  'packages/backend/config-check/app-config.every-key.yaml',
);

/** The YAML blocks of a README's `## Configuration` section. */
function configurationBlocks(readme: string): string[] {
  const section = readme
    .split(/^## /m)
    .find(s => s.startsWith('Configuration'));
  if (!section) return [];
  return [...section.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map(m => m[1]);
}

describe('configuration schemas', () => {
  let loaded: Awaited<ReturnType<typeof loadOurConfigSchemas>>;

  beforeAll(async () => {
    loaded = await loadOurConfigSchemas();
  }, 120_000);

  it("reads every one of our packages' schemas", () => {
    const paths = loaded.ours.map(s =>
      // The loader gives paths relative to the working directory.
      resolve(process.cwd(), s.path),
    );
    expect(paths.sort()).toEqual(
      [
        'packages/app/config.d.ts',
        'packages/backend/config.d.ts',
        'plugins/catalog-backend-module-store-platform/config.d.ts',
        'plugins/scaffolder-backend-module-store-platform/config.d.ts',
        'plugins/store-platform-backend/config.d.ts',
        'plugins/store-platform-node/config.d.ts',
      ].map(p => resolve(REPO_ROOT, p)),
    );
  });

  it('the every-key fixture sets every key a schema declares', async () => {
    const fixture = parse(await readFile(FIXTURE, 'utf8'));
    const missing = loaded.ours.flatMap(({ path, value }) =>
      declaredKeys(value)
        .filter(key => !setsKey(fixture, key))
        .map(key => `${key.join('.')} (declared in ${path})`),
    );
    expect(missing).toEqual([]);
  });

  it("each plugin README's configuration example matches the schema, no unknown key", async () => {
    // On top of the reference app-config.yaml, as an installer would add them.
    const base = {
      data: parse(
        await readFile(resolve(REPO_ROOT, 'app-config.yaml'), 'utf8'),
      ),
      context: 'app-config.yaml',
    };
    const plugins = await readdir(resolve(REPO_ROOT, 'plugins'));
    for (const plugin of plugins) {
      const readme = await readFile(
        resolve(REPO_ROOT, 'plugins', plugin, 'README.md'),
        'utf8',
      ).catch(() => undefined);
      if (readme === undefined) continue;
      const blocks = configurationBlocks(readme);
      // Every README documents its configuration, if only to say there is none.
      expect({
        plugin,
        configurationSection: /^## Configuration$/m.test(readme),
      }).toEqual({
        plugin,
        configurationSection: true,
      });
      for (const block of blocks) {
        const context = `plugins/${plugin}/README.md`;
        try {
          loaded.schema.process([base, { data: parse(block), context }], {
            visibility: ['frontend', 'backend', 'secret'],
          });
        } catch (error) {
          throw new Error(`${context}, ## Configuration: ${error}`);
        }
      }
    }
  });

  it('refuses an unknown key, as config:check --strict does', () => {
    expect(() =>
      loaded.schema.process(
        [
          {
            data: { storePlatform: { catalog: { fullSyncMinute: 5 } } },
            context: 'typo',
          },
        ],
        { visibility: ['frontend', 'backend', 'secret'] },
      ),
    ).toThrow(/fullSyncMinute/);
  });
});

describe('setsKey and declaredKeys', () => {
  it('tell a fixture that misses a key from one that sets it', () => {
    const key = ['storePlatform', 'clusters', '[]', 'tokenFile'];
    expect(
      setsKey(
        { storePlatform: { clusters: [{ name: 'a' }, { tokenFile: '/t' }] } },
        key,
      ),
    ).toBe(true);
    expect(setsKey({ storePlatform: { clusters: [{ name: 'a' }] } }, key)).toBe(
      false,
    );
    expect(
      setsKey({ storePlatform: { clusters: [] } }, [
        'storePlatform',
        'clusters',
      ]),
    ).toBe(false);
  });

  it('lists leaves, array elements and map entries', () => {
    expect(
      declaredKeys({
        type: 'object',
        properties: {
          a: { type: 'number' },
          list: {
            type: 'array',
            items: { type: 'object', properties: { b: { type: 'string' } } },
          },
          map: { type: 'object', additionalProperties: { type: 'string' } },
        },
      }),
    ).toEqual([['a'], ['list', '[]', 'b'], ['map']]);
  });
});
