// A tiny npm registry for the stock-app test: it serves the packed tarballs of one scope
// (packuments and tarballs, read-only), so a fresh app installs our plugins with the exact
// `yarn add` lines of their READMEs. Every other package still comes from the public registry:
// the app's .yarnrc.yml routes only this scope here (npmScopes.<scope>.npmRegistryServer).
//
//   node registry.mjs <folder of .tgz files> <port>
//
// It prints `listening <url>` once ready and serves until killed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [folder, portArg] = process.argv.slice(2);
if (!folder || !portArg) {
  console.error('usage: registry.mjs <folder of .tgz files> <port>');
  process.exit(2);
}
const port = Number(portArg);
const base = `http://127.0.0.1:${port}`;

/** package.json of a tarball: the first `package/package.json` entry of its tar. */
function manifestOf(tgz) {
  const tar = gunzipSync(tgz);
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('utf8')
        .trim() || '0',
      8,
    );
    if (!name) break;
    if (name === 'package/package.json') {
      return JSON.parse(
        tar.subarray(offset + 512, offset + 512 + size).toString('utf8'),
      );
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('no package/package.json in the tarball');
}

/** name -> packument, built once from the folder's tarballs. */
const packuments = new Map();
const tarballs = new Map();
for (const file of readdirSync(folder).filter(f => f.endsWith('.tgz'))) {
  const path = join(folder, file);
  const tgz = readFileSync(path);
  const manifest = manifestOf(tgz);
  const published = statSync(path).mtime.toISOString();
  tarballs.set(file, path);
  const doc = packuments.get(manifest.name) ?? {
    name: manifest.name,
    'dist-tags': {},
    versions: {},
    time: { created: published },
  };
  doc.versions[manifest.version] = {
    ...manifest,
    dist: {
      tarball: `${base}/-/${encodeURIComponent(file)}`,
      shasum: createHash('sha1').update(tgz).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`,
    },
  };
  doc['dist-tags'].latest = manifest.version;
  doc.time[manifest.version] = published;
  doc.time.modified = published;
  packuments.set(manifest.name, doc);
}

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, base).pathname);
  const tarball = path.startsWith('/-/') && tarballs.get(path.slice(3));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
  } else if (tarball) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(readFileSync(tarball));
  } else if (packuments.has(path.slice(1))) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(packuments.get(path.slice(1))));
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `not found: ${path}` }));
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`listening ${base} (${[...packuments.keys()].join(', ')})`);
});
