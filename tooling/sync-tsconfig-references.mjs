// Keeps each workspace tsconfig's `references` in sync with its workspace dependencies, and the
// root tsconfig.json listing every project. Run: node tooling/sync-tsconfig-references.mjs
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = ['packages', 'apps', 'tooling'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group), { withFileTypes: true })
        .filter(
          (entry) =>
            entry.isDirectory() && existsSync(join(root, group, entry.name, 'tsconfig.json')),
        )
        .map((entry) => join(root, group, entry.name))
    : [],
);
const byName = new Map(
  folders.map((folder) => [
    JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name,
    folder,
  ]),
);
for (const folder of folders) {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
    (name) => byName.has(name) && !name.startsWith('@internal/'),
  );
  const path = join(folder, 'tsconfig.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.references = deps.sort().map((name) => ({ path: relative(folder, byName.get(name)) }));
  if (config.references.length === 0) delete config.references;
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}
writeFileSync(
  join(root, 'tsconfig.json'),
  `${JSON.stringify(
    {
      files: [],
      // A package with node-only code beside universal code has a second project, tsconfig.node.json.
      references: folders.flatMap((folder) =>
        [`./${relative(root, folder)}`]
          .concat(
            existsSync(join(folder, 'tsconfig.node.json'))
              ? [`./${relative(root, folder)}/tsconfig.node.json`]
              : [],
          )
          .map((path) => ({ path })),
      ),
    },
    null,
    2,
  )}\n`,
);
