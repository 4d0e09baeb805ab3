/**
 * Keeps one process running: when it dies (crash, kill -9, OOM) it is started again after a
 * back-off that doubles on every quick death (1 s, 2 s, 4 s … at most 30 s) and starts over once
 * the process has stayed up for a minute. Each death and restart is logged. `stop()` ends it for
 * good (the launcher's Ctrl-C). The launcher (`npm start`) supervises the worker, the API, the
 * Temporal dev server and the embedded PostgreSQL with it; `npm run start:cluster` its processes.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { stopChild } from './temporal-dev-server';

export interface Running {
  /** Resolves, with a description such as "exit code 1" or "SIGKILL", when the process is gone. */
  exited: Promise<string>;
  stop(): Promise<void>;
  pid?: number;
}

export interface SuperviseOptions {
  name: string;
  start: () => Promise<Running>;
  log: (message: string) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Up this long, the next death restarts after the initial delay again. */
  stableAfterMs?: number;
  /** Called after each successful restart (not the first start). */
  onRestarted?: (running: Running) => void | Promise<void>;
}

export class Supervisor {
  private current?: Running;
  private stopping = false;
  private startedAt = 0;
  private delayMs: number;
  private wake?: () => void;
  private pending?: Promise<Running>;
  /** Restarts so far. */
  restarts = 0;

  private constructor(private readonly opts: SuperviseOptions) {
    this.delayMs = opts.initialDelayMs ?? 1_000;
  }

  /** Starts the process once (a failure here is thrown: start-up fails), then keeps it running. */
  static async start(opts: SuperviseOptions): Promise<Supervisor> {
    const s = new Supervisor(opts);
    s.watch(await opts.start());
    return s;
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  private watch(running: Running): void {
    this.current = running;
    this.startedAt = Date.now();
    void running.exited.then((why) => this.onExit(why));
  }

  private async onExit(why: string): Promise<void> {
    if (this.stopping) return;
    const { name, log } = this.opts;
    if (Date.now() - this.startedAt >= (this.opts.stableAfterMs ?? 60_000)) {
      this.delayMs = this.opts.initialDelayMs ?? 1_000;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(delay * 2, this.opts.maxDelayMs ?? 30_000);
    log(`${name} exited unexpectedly (${why}); restarting in ${delay / 1000} s`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    if (this.stopping) return;
    let running: Running;
    try {
      this.pending = this.opts.start();
      running = await this.pending;
    } catch (err) {
      this.startedAt = Date.now();
      return this.onExit(`restart failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.stopping) {
      await running.stop();
      return;
    }
    this.restarts++;
    log(`${name} restarted (restart ${this.restarts}${running.pid ? `, pid ${running.pid}` : ''})`);
    this.watch(running);
    await this.opts.onRestarted?.(running);
  }

  /** Stops the process for good; no restart follows. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const restarting = await this.pending?.catch(() => undefined);
    await restarting?.stop();
    await this.current?.stop();
  }
}

/** How a child process ended, for the log: "exit code 1", "SIGKILL". */
export function exitedOf(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode ?? `exit code ${child.exitCode}`);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
}

/** A Node script as a child process, output appended to `logFile`; SIGTERM then SIGKILL to stop. */
export function spawnNode(
  script: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  args: string[] = [],
): Running {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', script, ...args], {
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return { pid: child.pid, exited: exitedOf(child), stop: () => stopChild(child) };
}
