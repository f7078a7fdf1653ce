#!/usr/bin/env node
// Proves the workspace runs one Backstage release: every @backstage/* package in yarn.lock
// resolves to exactly one version, and that version is the one pinned in the root
// package.json `resolutions` (the release named in backstage.json).
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const lock = readFileSync(new URL('yarn.lock', root), 'utf8');
const { resolutions } = JSON.parse(
  readFileSync(new URL('package.json', root), 'utf8'),
);
const { version: release } = JSON.parse(
  readFileSync(new URL('backstage.json', root), 'utf8'),
);

const resolved = new Map();
for (const [, name, version] of lock.matchAll(
  /^"(@backstage\/[^@"]+)@[^\n]*\n {2}version: ([^\n]+)/gm,
)) {
  resolved.set(name, (resolved.get(name) ?? new Set()).add(version));
}

// A pin may carry a local patch (.yarn/patches/README.md): patch:<name>@npm%3A<version>#<file>.
const pinnedVersion = name =>
  /^patch:.+@npm%3A([^#]+)#/.exec(resolutions?.[name] ?? '')?.[1] ??
  resolutions?.[name];

const problems = [];
for (const [name, versions] of resolved) {
  if (versions.size > 1)
    problems.push(`${name} resolves to ${[...versions].join(' and ')}`);
  else if (pinnedVersion(name) !== [...versions][0])
    problems.push(
      `${name} ${
        [...versions][0]
      } is not pinned to Backstage ${release} in resolutions`,
    );
}

if (problems.length) {
  console.error(`Backstage release check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Backstage ${release}: ${resolved.size} @backstage packages, one version each, all pinned.`,
);
