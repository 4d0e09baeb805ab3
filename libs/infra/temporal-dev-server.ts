import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEARCH_ATTRIBUTE_NAMES } from '../temporal/names';
import { waitForPort } from './ports';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** UI port, or undefined for headless. */
  uiPort?: number;
  namespace: string;
  /** SQLite file so state survives restarts; undefined keeps it in memory (tests). */
  dbFile?: string;
  logFile?: string;
}

export interface DevServerHandle {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` with bangfu's search attributes registered. */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServerHandle> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
  ];
  args.push('--log-level', 'error', '--log-format', 'json');
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const name of SEARCH_ATTRIBUTE_NAMES) args.push('--search-attribute', `${name}=Keyword`);
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', out, out] });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  try {
    await Promise.race([
      waitForPort(opts.port, 60_000),
      new Promise<never>((_, reject) =>
        child.once('exit', (c, s) => reject(new Error(`exited with ${c ?? s}`))),
      ),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    const hint = opts.logFile ? ` (see ${opts.logFile})` : '';
    throw new Error(
      `Temporal dev server did not start on port ${opts.port}: ${(err as Error).message}${hint}`,
    );
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child, () => exited !== undefined),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export function stopChild(
  child: ChildProcess,
  hasExited: () => boolean = () => child.exitCode !== null,
  graceMs = 10_000,
): Promise<void> {
  if (hasExited() || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
