import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A template anyone could import that calls one `store:*` action directly,
 * with whatever input its user gives: what an intruder would write.
 * `op` picks the action: register, provision, provision-as (with an engine
 * input) or delete.
 */
const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: store-direct-actions
  title: Call a store action directly
spec:
  owner: group:default/team-b
  type: store
  parameters:
    - properties:
        op: { type: string }
        name: { type: string }
        owner: { type: string }
        engine: { type: string }
        adminEmail: { type: string }
  steps:
    - id: register
      name: Register
      if: \${{ parameters.op === 'register' }}
      action: store:register
      input:
        name: \${{ parameters.name }}
        engine: \${{ parameters.engine }}
        owner: \${{ parameters.owner }}
    - id: provision
      name: Provision
      if: \${{ parameters.op === 'provision' }}
      action: store:provision
      input:
        name: \${{ parameters.name }}
        adminEmail: \${{ parameters.adminEmail }}
    - id: provision-as
      name: Provision with an engine of its own
      if: \${{ parameters.op === 'provision-as' }}
      action: store:provision
      input:
        name: \${{ parameters.name }}
        engine: \${{ parameters.engine }}
        adminEmail: \${{ parameters.adminEmail }}
    - id: delete
      name: Delete
      if: \${{ parameters.op === 'delete' }}
      action: store:delete
      input:
        name: \${{ parameters.name }}
`;

/**
 * Backend config (YAML) whose catalog reads the reference app's locations
 * plus the direct-actions template. Catalog locations replace, not extend,
 * those of app-config.yaml, so the reference ones are repeated here
 * (paths relative to packages/backend, where the backend runs).
 */
export function catalogWithDirectActionsTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-direct-actions-'));
  const file = join(dir, 'template.yaml');
  writeFileSync(file, TEMPLATE);
  return [
    'catalog:',
    '  locations:',
    '    - { type: file, target: ./catalog/org.yaml, rules: [{ allow: [User, Group] }] }',
    '    - { type: file, target: ../../templates/*/template.yaml, rules: [{ allow: [Template] }] }',
    `    - { type: file, target: '${file}', rules: [{ allow: [Template] }] }`,
  ].join('\n');
}
