// Stages what one role's image installs, under tmp/images/<app>/ (the Dockerfile copies it from there):
//   manifests/  the root package.json and package-lock.json, and every workspace's package.json, found by
//               the root's workspace globs (npm ci checks the lockfile against all of them), so that
//               `npm ci --omit=dev --workspace=@atrium/<app>` installs exactly the app's production tree;
//   built/      the compiled output (dist) of the app and of the workspace libraries it needs at run time.
// Usage: node tools/scripts/stage-image.mjs <app>   (after `nx run-many -t build`)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = process.argv[2];
if (!app || !existsSync(join(root, 'apps', app, 'package.json'))) {
  process.stderr.write(`stage-image: usage: stage-image.mjs <app> (one of apps/*)\n`);
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const rootManifest = readJson(join(root, 'package.json'));

/** Every workspace package: its folder and its manifest, from the root's `workspaces` globs (`dir/*`). */
const workspaces = rootManifest.workspaces.flatMap((glob) => {
  const parent = glob.replace(/\/\*$/, '');
  return readdirSync(join(root, parent))
    .map((name) => join(parent, name))
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson(join(root, dir, 'package.json')) }));
});
const byName = new Map(workspaces.map((workspace) => [workspace.manifest.name, workspace]));

/** The app and the workspace libraries it needs at run time: its `dependencies`, followed transitively. */
function runtimeWorkspaces(start) {
  const found = new Map();
  const visit = (workspace) => {
    if (found.has(workspace.dir)) return;
    found.set(workspace.dir, workspace);
    for (const name of Object.keys(workspace.manifest.dependencies ?? {})) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency);
    }
  };
  visit(start);
  return [...found.values()];
}

const out = join(root, 'tmp', 'images', app);
rmSync(out, { recursive: true, force: true });
for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(out, 'manifests', file));
for (const { dir } of workspaces) cpSync(join(root, dir, 'package.json'), join(out, 'manifests', dir, 'package.json'));

for (const { dir, manifest } of runtimeWorkspaces(byName.get(`@atrium/${app}`) ?? workspaces.find((w) => w.dir === `apps/${app}`))) {
  const dist = join(root, dir, 'dist');
  if (!existsSync(dist)) {
    process.stderr.write(`stage-image: ${manifest.name} has no dist; run nx run-many -t build first\n`);
    process.exit(1);
  }
  mkdirSync(join(out, 'built', dir), { recursive: true });
  cpSync(dist, join(out, 'built', dir, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.tsbuildinfo') });
}
process.stdout.write(`stage-image: ${app} staged in ${out}\n`);
