// What the stock-app test changes in a fresh create-app app before any README step, and why:
//
//   node harness.mjs <app folder> <registry url>
//
// - resolutions: create-app pins its dependencies with a yarn.lock seed it downloads from GitHub,
//   which cannot be reached here; without it yarn picks the newest @backstage/* versions, skewed
//   from the release. The repository root's resolutions are exactly release 1.55.0's map (checked
//   by scripts/check-backstage-release.mjs), so the app gets the same versions; a version this
//   repository patches (.yarn/patches) is given unpatched, as anyone else installs it.
// - keytar is not built (no libsecret here), as in this repository's own package.json.
// - the @store-platform scope comes from the local registry (registry.mjs), as a company's
//   private scope would: plain http on loopback, and exempt from yarn's 3-day age gate, since
//   the tarballs were packed minutes ago.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const [appDir, registryUrl] = process.argv.slice(2);
const repoRoot = new URL('../../../', import.meta.url).pathname;

const rootManifest = JSON.parse(
  readFileSync(join(repoRoot, 'package.json'), 'utf8'),
);
const manifestFile = join(appDir, 'package.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
/** `patch:<name>@npm%3A<version>#<patch file>` -> `<version>`; a plain version as it is. */
const unpatched = range => /^patch:.*@npm%3A([^#]+)#/.exec(range)?.[1] ?? range;
manifest.resolutions = {
  ...manifest.resolutions,
  ...Object.fromEntries(
    Object.entries(rootManifest.resolutions)
      .filter(([name]) => name.startsWith('@backstage/'))
      .map(([name, range]) => [name, unpatched(range)]),
  ),
};
manifest.dependenciesMeta = {
  ...manifest.dependenciesMeta,
  keytar: { built: false },
};
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

const yarnrcFile = join(appDir, '.yarnrc.yml');
const yarnrc = parseDocument(readFileSync(yarnrcFile, 'utf8'));
const host = new URL(registryUrl).hostname;
yarnrc.setIn(['npmScopes', 'store-platform', 'npmRegistryServer'], registryUrl);
yarnrc.set('unsafeHttpWhitelist', [host]);
const preapproved = yarnrc.get('npmPreapprovedPackages')?.toJSON() ?? [];
yarnrc.set('npmPreapprovedPackages', [
  ...new Set([...preapproved, '@store-platform/*']),
]);
yarnrc.set('enableTelemetry', false);
writeFileSync(yarnrcFile, yarnrc.toString());
