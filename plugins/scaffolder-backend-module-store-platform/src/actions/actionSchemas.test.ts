import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  STORE_ENGINES,
  STORE_SIZES,
  STORE_STATUSES,
} from '@store-platform/plugin-store-platform-common';
import { parse } from 'yaml';
import * as creators from '.';

type JsonSchema = {
  properties?: Record<string, { enum?: unknown[]; default?: unknown }>;
};
type Action = { id: string; schema: { input: JsonSchema; output: JsonSchema } };

// The schemas do not touch the dependencies: an action is built to read its schema only.
const actions: Action[] = Object.entries(creators)
  .filter(([name, value]) => /^create\w+Action$/.test(name) && value)
  .map(([, create]) => (create as Function)({}) as Action);
const action = (id: string) => actions.find(a => a.id === id)!;

const templatesDir = resolve(__dirname, '../../../../templates');

/** Every `store:*` step input that takes a form parameter as it is: `${{ parameters.x }}`. */
function templateEnumPairs() {
  const pairs: Array<{
    template: string;
    action: string;
    input: string;
    parameter: { enum?: unknown[]; default?: unknown } | undefined;
    allowed: unknown[];
  }> = [];
  for (const dir of readdirSync(templatesDir)) {
    const doc = parse(
      readFileSync(join(templatesDir, dir, 'template.yaml'), 'utf8'),
    );
    const parameters = Object.assign(
      {},
      ...[doc.spec.parameters ?? []]
        .flat()
        .map((page: { properties?: object }) => page.properties ?? {}),
    );
    for (const step of doc.spec.steps ?? []) {
      const stepAction = actions.find(a => a.id === step.action);
      if (!stepAction) continue;
      for (const [input, value] of Object.entries(step.input ?? {})) {
        const allowed = stepAction.schema.input.properties?.[input]?.enum;
        const param = /^\$\{\{\s*parameters\.(\w+)\s*\}\}$/.exec(
          String(value),
        )?.[1];
        if (allowed && param) {
          pairs.push({
            template: dir,
            action: stepAction.id,
            input,
            parameter: parameters[param],
            allowed,
          });
        }
      }
    }
  }
  return pairs;
}

describe('the store:* action schemas', () => {
  it('list the allowed values of fixed choices (the actions page shows them)', () => {
    const register = action('store:register').schema.input.properties!;
    expect(register.engine.enum).toEqual([...STORE_ENGINES]);
    expect(register.size.enum).toEqual([...STORE_SIZES]);
    expect(action('store:resize').schema.input.properties!.size.enum).toEqual([
      ...STORE_SIZES,
    ]);
    expect(
      action('store:delete').schema.output.properties!.status.enum,
    ).toEqual([...STORE_STATUSES]);
  });

  it("keep every template's choices the same as the action's", () => {
    const pairs = templateEnumPairs();
    // The store form's engine and size, and the resize form's size at least.
    expect(pairs.map(p => `${p.template}:${p.input}`)).toEqual(
      expect.arrayContaining([
        'store:engine',
        'store:size',
        'store-resize:size',
      ]),
    );
    for (const pair of pairs) {
      expect({ ...pair, choices: pair.parameter?.enum }).toEqual({
        ...pair,
        choices: pair.allowed,
      });
    }
    // A form default outside the choices would be refused by the action.
    const defaults = pairs.flatMap(p =>
      p.parameter?.default === undefined ? [] : [[p, p.parameter.default]],
    );
    for (const [pair, value] of defaults) {
      expect(pair).toMatchObject({ allowed: expect.arrayContaining([value]) });
    }
  });
});
