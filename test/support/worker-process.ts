import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from '../../libs/infra/paths';

/**
 * The real worker (`dist/apps/worker/src/main.js`, as `npm start` runs it) as a separate OS
 * process, so a test can kill it with -9 mid-activity. `buildDist()` first: it compiles what changed.
 */
export function buildDist(): void {
  execFileSync(process.execPath, [path.join(projectRoot(), 'scripts', 'bootstrap.js'), '--no-web'], {
    cwd: projectRoot(),
    stdio: 'ignore',
  });
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<WorkerProcess> {
  const root = projectRoot();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'worker', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOAN_ADOPTION: 'off',
      WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not polling after ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const poll = setInterval(() => {
      if (out.includes('worker polling task queue')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`worker exited (${code ?? signal}) before polling:\n${out}`));
    });
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => out,
    kill9: async () => {
      child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      if (ended()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
