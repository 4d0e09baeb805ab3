import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installAtomically } from '../../libs/infra/temporal-binaries';

/**
 * Schemathesis (PyPI, pinned with all its dependencies in schemathesis-requirements.txt) in the
 * project's tool folder, installed on first use like the Temporal binaries: `python3 -m pip install
 * --no-deps --target .tools/schemathesis-<version> -r schemathesis-requirements.txt`.
 */
const REQUIREMENTS = path.join(__dirname, 'schemathesis-requirements.txt');

export function schemathesisVersion(): string {
  const line = fs
    .readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('schemathesis=='));
  if (!line) throw new Error(`${REQUIREMENTS} does not pin schemathesis`);
  return line.split('==')[1]!.trim();
}

/** The folder holding schemathesis (its PYTHONPATH), installing it when missing. */
export function ensureSchemathesis(tools: string, log: (m: string) => void = () => undefined): string {
  const dir = path.join(tools, `schemathesis-${schemathesisVersion()}`);
  if (fs.existsSync(path.join(dir, 'schemathesis', '__init__.py'))) return dir;
  log(`installing schemathesis ${schemathesisVersion()} from PyPI into ${dir}`);
  installAtomically(dir, (tmp) =>
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
        tmp,
        '-r',
        REQUIREMENTS,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 },
    ),
  );
  return dir;
}

/**
 * `st` without its console script. CPython 3.11.7 (this machine's Python) can raise "SystemError:
 * AST constructor recursion depth mismatch" from ast.parse when Hypothesis builds a *description*
 * of a filter lambda (a repr, used in messages only); that is a CPython bug, not a finding, so the
 * description falls back to a placeholder instead of aborting the operation's tests.
 */
const LAUNCHER = [
  'import sys',
  'import hypothesis.internal.lambda_sources as ls',
  '_describe = ls._lambda_description',
  'def _safe(f, *a, **k):',
  '    try:',
  '        return _describe(f, *a, **k)',
  '    except SystemError:',
  "        return 'lambda: <source unavailable>'",
  'ls._lambda_description = _safe',
  'from schemathesis.cli import schemathesis',
  'sys.exit(schemathesis())',
].join('\n');

export interface SchemathesisRun {
  exitCode: number | null;
  output: string;
}

/** Runs `st run <args>` with the installed package; resolves with its exit code and output. */
export function runSchemathesis(
  dir: string,
  args: string[],
  timeoutMs: number,
  cwd: string,
): Promise<SchemathesisRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', LAUNCHER, 'run', ...args], {
      env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1', NO_COLOR: '1', COLUMNS: '160' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd, // schemathesis keeps a .schemathesis/ cache in its working directory
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output });
    });
  });
}
