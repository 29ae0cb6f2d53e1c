// @ts-check
// Checks the package architecture (run by `pnpm lint`); `--write` regenerates the docs it checks.
// - every workspace package is in a layer of tooling/architecture.mjs and has a description;
// - no package depends on a package of a higher layer, nor on one it must never reach, in
//   package.json (dependencies, devDependencies) or by an import in src/, test/ or bench/;
// - imported workspace packages are declared in package.json;
// - README.md's package table and docs/architecture/overview.md's layer table are the ones
//   generated from the layers and the package.json descriptions.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { forbidden, layers, runsIn } from './architecture.mjs';

const root = new URL('..', import.meta.url).pathname;
const write = process.argv.includes('--write');

/** @typedef {{ name: string, description?: string, dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} PackageJson */
/** @type {{ dir: string, pkg: PackageJson }[]} */
const workspace = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')),
    )
    .map((entry) => {
      const dir = `${group}/${entry.name}`;
      return {
        dir,
        pkg: /** @type {PackageJson} */ (
          JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
        ),
      };
    }),
);
const names = new Set(workspace.map(({ pkg }) => pkg.name));
/** @type {Map<string, number>} */
const layerOf = new Map(
  layers.flatMap((layer, index) => layer.packages.map((name) => [name, index])),
);
/** @type {string[]} */
const problems = [];
const describeLayer = (/** @type {string} */ name) => {
  const index = /** @type {number} */ (layerOf.get(name));
  return `layer ${index + 1} "${layers[index]?.name}"`;
};

/** Source files of a package whose imports count (tests included: a test import is a dependency). */
function sourceFiles(/** @type {string} */ dir) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'dist-types'].includes(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) files.push(path);
    }
  };
  for (const sub of ['src', 'test', 'bench'])
    if (existsSync(join(root, dir, sub))) walk(join(root, dir, sub));
  return files;
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(/** @type {string} */ specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

for (const { dir, pkg } of workspace) {
  const name = pkg.name;
  if (!layerOf.has(name)) {
    problems.push(`${name} (${dir}) is in no layer: add it to tooling/architecture.mjs`);
    continue;
  }
  if (!pkg.description)
    problems.push(
      `${dir}/package.json has no "description" (README's package table is made from it)`,
    );
  if (!runsIn[name]) problems.push(`${name} has no entry in runsIn of tooling/architecture.mjs`);
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  /** @type {{ to: string, where: string }[]} */
  const edges = Object.keys(declared).map((to) => ({
    to,
    where: `${dir}/package.json ${pkg.dependencies?.[to] !== undefined ? 'dependencies' : 'devDependencies'}`,
  }));
  for (const file of sourceFiles(dir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const to = packageOf(/** @type {string} */ (match[1]));
      if (to === undefined || to === name) continue;
      const where = relative(root, file);
      if (names.has(to) && declared[to] === undefined) {
        problems.push(`${where} imports ${to}, which ${dir}/package.json does not declare`);
      }
      edges.push({ to, where });
    }
  }
  const seen = new Set();
  for (const { to, where } of edges) {
    const key = `${to} ${where}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (forbidden[name]?.includes(to)) {
      problems.push(
        `${name} must not depend on ${to} (tooling/architecture.mjs forbidden): ${where}`,
      );
    } else if (
      layerOf.has(to) &&
      /** @type {number} */ (layerOf.get(to)) > /** @type {number} */ (layerOf.get(name))
    ) {
      problems.push(
        `${name} (${describeLayer(name)}) depends on ${to} of a higher ${describeLayer(to)}: ${where}`,
      );
    }
  }
}

const byName = new Map(workspace.map((entry) => [entry.pkg.name, entry]));
const ordered = layers.flatMap((layer, index) =>
  layer.packages.filter((name) => byName.has(name)).map((name) => ({ layer: index, name })),
);
const cell = (/** @type {string} */ text) => text.replaceAll('|', '\\|');
const readmeTable = [
  '| package | what | runs in |',
  '| --- | --- | --- |',
  ...ordered.map(({ name }) => {
    const { dir, pkg } = /** @type {{ dir: string, pkg: PackageJson }} */ (byName.get(name));
    return `| [\`${name}\`](${dir}) | ${cell(pkg.description ?? '')} | ${cell(runsIn[name] ?? '')} |`;
  }),
].join('\n');
const overviewTable = [
  '| layer | package | what |',
  '| --- | --- | --- |',
  ...ordered.map(({ layer, name }) => {
    const { dir, pkg } = /** @type {{ dir: string, pkg: PackageJson }} */ (byName.get(name));
    return `| ${layer + 1} ${layers[layer]?.name} | [\`${name}\`](../../${dir}) | ${cell(pkg.description ?? '')} |`;
  }),
].join('\n');

// Table whitespace is prettier's business; compare cells only.
const normalize = (/** @type {string} */ text) =>
  text
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .map((part) => part.trim().replace(/^-{3,}$/, '---'))
        .join('|'),
    )
    .join('\n');

for (const [file, marker, table] of /** @type {const} */ ([
  ['README.md', 'packages', readmeTable],
  ['docs/architecture/overview.md', 'layers', overviewTable],
])) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const start = `<!-- ${marker}:start (generated by \`node tooling/check-architecture.mjs --write\`) -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    problems.push(`${file} has no generated ${marker} table (markers \`${start}\` … \`${end}\`)`);
    continue;
  }
  const current = text.slice(from + start.length, to);
  if (write) {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(path)) ?? {};
    const next = `${text.slice(0, from + start.length)}\n\n${table}\n\n${text.slice(to)}`;
    writeFileSync(path, await prettier.format(next, { ...options, filepath: path }));
    continue;
  }
  for (const { name } of ordered) {
    if (!current.includes(`\`${name}\``)) problems.push(`${file}'s ${marker} table lacks ${name}`);
  }
  if (normalize(current) !== normalize(table)) {
    problems.push(
      `${file}'s ${marker} table is out of date: run \`node tooling/check-architecture.mjs --write\``,
    );
  }
}

if (problems.length > 0) {
  console.error(
    `check-architecture: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  process.exitCode = 1;
} else if (!write) {
  console.log(
    `check-architecture: ${workspace.length} packages in ${layers.length} layers, docs up to date`,
  );
}
