import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Installs are reproducible: `npm ci` (scripts/bootstrap.js, the Dockerfile) installs exactly
 * package-lock.json and never rewrites it. That needs a complete lock file: every optional
 * dependency of every package (other platforms' native binaries such as @unrs/resolver-binding-*,
 * @swc/core-*, @esbuild/*) must be in it, or `npm install` adds them on the first start and the
 * tree is dirty (and `npm ci` refuses the lock file).
 */
const root = path.resolve(__dirname, '../..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<
    string,
    {
      version?: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      link?: boolean;
    }
  >;
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where Node would find `name` from the package at `from` (its own node_modules, then up). */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

test('lock file version 3 and the same direct dependencies, pinned, as package.json', () => {
  expect(lock.lockfileVersion).toBe(3);
  const rootEntry = lock.packages['']!;
  expect(rootEntry.dependencies).toEqual(pkg.dependencies);
  expect(rootEntry.devDependencies).toEqual(pkg.devDependencies);
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect({ name, version }).toEqual({ name, version: expect.stringMatching(/^\d+\.\d+\.\d+(-[\w.]+)?$/) });
    expect({ name, locked: lock.packages[`node_modules/${name}`]?.version }).toEqual({
      name,
      locked: version,
    });
  }
});

test('every dependency and every optional (platform) dependency of every package is in the lock file', () => {
  const missing: string[] = [];
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (entry.link) continue;
    const needed = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(needed))
      if (!resolves(at, name)) missing.push(`${at || '(root)'} → ${name}`);
  }
  expect(missing).toEqual([]);
});
