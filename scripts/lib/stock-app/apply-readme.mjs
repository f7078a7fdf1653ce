// Applies the install steps of plugin READMEs to an app made by @backstage/create-app, exactly as
// written, so a README that drifts from what works breaks the stock-app test.
//
//   node apply-readme.mjs <app folder> <README.md>...
//
// The steps are the fenced code blocks of the README's `## Install` section (up to the next `## `
// heading), in order. Each block's info string says what to do with it:
//
//   ```sh                                          run from the app's root (bash, -e)
//   ```ts title="packages/backend/src/index.ts"    `import` lines go after the file's imports,
//                                                  the other lines just before `backend.start();`
//   ```yaml title="<file>.yaml"                    merged into that file of the app: mappings
//                                                  merged, lists appended, scalars replaced
//
// Any other block in that section is an error: everything there is a step the test applies.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq } from 'yaml';

/** The fenced blocks of the `## Install` section: { info, lang, title, body, line }. */
export function installSteps(markdown, source) {
  const lines = markdown.split('\n');
  const start = lines.findIndex(l => /^## Install\s*$/.test(l));
  if (start < 0) throw new Error(`${source}: no "## Install" section`);
  const steps = [];
  let open;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!open && /^## /.test(line)) break;
    const fence = /^```(.*)$/.exec(line);
    if (!fence) {
      if (open) open.body.push(line);
      continue;
    }
    if (open) {
      steps.push({ ...open, body: `${open.body.join('\n')}\n` });
      open = undefined;
    } else {
      const info = fence[1].trim();
      open = {
        info,
        lang: info.split(/\s+/)[0],
        title: /title="([^"]+)"/.exec(info)?.[1],
        body: [],
        line: i + 1,
      };
    }
  }
  if (open) throw new Error(`${source}:${open.line}: code block never closed`);
  if (!steps.length) throw new Error(`${source}: "## Install" has no steps`);
  return steps;
}

function runShell(appDir, step, where) {
  console.log(`$ ${step.body.trim().split('\n').join('\n$ ')}`);
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', step.body], {
    cwd: appDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`${where}: the command failed (exit ${result.status})`);
  }
}

function insertIntoBackend(appDir, step, where) {
  if (step.title !== 'packages/backend/src/index.ts') {
    throw new Error(`${where}: no rule to apply a ts block to "${step.title}"`);
  }
  const file = join(appDir, step.title);
  const source = readFileSync(file, 'utf8').split('\n');
  const lines = step.body.trimEnd().split('\n');
  const imports = lines.filter(l => /^import\s/.test(l));
  const rest = lines.filter(l => !/^import\s/.test(l));
  const anchor = source.findIndex(l => l.trim() === 'backend.start();');
  if (anchor < 0)
    throw new Error(`${where}: ${step.title} has no "backend.start();" line`);
  source.splice(anchor, 0, ...rest, '');
  // The end of the last import statement (one line, or the `} from '...';` closing several).
  let lastImport = -1;
  source.forEach((l, i) => {
    if (/^import\s.*;$/.test(l) || /^\} from '[^']+';$/.test(l)) lastImport = i;
  });
  source.splice(lastImport + 1, 0, ...imports);
  writeFileSync(file, source.join('\n'));
  console.log(`+ ${step.title}:\n${step.body}`);
}

/** Merges `from` (a YAML node) into `into`: mappings key by key, lists appended. */
function mergeNode(doc, into, from) {
  for (const pair of from.items) {
    const key = pair.key.value ?? pair.key;
    const existing = into.get(key, true);
    if (isMap(existing) && isMap(pair.value))
      mergeNode(doc, existing, pair.value);
    else if (isSeq(existing) && isSeq(pair.value))
      existing.items.push(...pair.value.items);
    else into.set(key, pair.value);
  }
}

function mergeYaml(appDir, step, where) {
  const file = join(appDir, step.title);
  if (!existsSync(file))
    throw new Error(`${where}: the app has no ${step.title}`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const add = parseDocument(step.body);
  if (add.errors.length) throw new Error(`${where}: ${add.errors[0].message}`);
  if (!isMap(add.contents))
    throw new Error(`${where}: the block is not a mapping`);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  mergeNode(doc, doc.contents, add.contents);
  writeFileSync(file, doc.toString());
  console.log(`+ ${step.title}:\n${step.body}`);
}

export function applyReadme(appDir, readme) {
  for (const step of installSteps(readFileSync(readme, 'utf8'), readme)) {
    const where = `${readme}:${step.line} (\`\`\`${step.info})`;
    if (['sh', 'bash', 'shell'].includes(step.lang))
      runShell(appDir, step, where);
    else if (step.lang === 'ts' && step.title)
      insertIntoBackend(appDir, step, where);
    else if (step.lang === 'yaml' && step.title) mergeYaml(appDir, step, where);
    else throw new Error(`${where}: not a step this test knows how to apply`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [appDir, ...readmes] = process.argv.slice(2);
  try {
    for (const readme of readmes) {
      console.log(`── ${readme}`);
      applyReadme(appDir, readme);
    }
  } catch (error) {
    console.error(`stock-app: ${error.message}`);
    process.exit(1);
  }
}
