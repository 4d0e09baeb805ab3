import { Running, Supervisor } from '../../libs/infra/supervisor';

/** A fake process: `die()` makes it exit; `stop()` records that it was stopped. */
function fakeProcess(pid: number) {
  let die!: (why: string) => void;
  const exited = new Promise<string>((r) => (die = r));
  const p = { pid, exited, stopped: false, die, stop: async () => void (p.stopped = true) };
  return p;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Supervisor', () => {
  test('restarts a dead process with doubling back-off, logs each death and restart', async () => {
    const procs: ReturnType<typeof fakeProcess>[] = [];
    const startedAt: number[] = [];
    const log: string[] = [];
    const s = await Supervisor.start({
      name: 'worker',
      log: (m) => log.push(m),
      initialDelayMs: 40,
      maxDelayMs: 160,
      stableAfterMs: 10_000,
      start: async (): Promise<Running> => {
        startedAt.push(Date.now());
        const p = fakeProcess(100 + procs.length);
        procs.push(p);
        return p;
      },
    });
    expect(s.pid).toBe(100);
    for (let i = 0; i < 4; i++) {
      procs[i]!.die('SIGKILL');
      while (procs.length < i + 2) await tick(5);
    }
    const gaps = startedAt.slice(1).map((t, i) => t - startedAt[i]!);
    // 40, 80, 160, 160 ms (capped), each at least its back-off
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeLessThan(300);
    expect(s.restarts).toBe(4);
    expect(s.pid).toBe(104);
    expect(log[0]).toBe('worker exited unexpectedly (SIGKILL); restarting in 0.04 s');
    expect(log[1]).toBe('worker restarted (restart 1, pid 101)');
    await s.stop();
    expect(procs[4]!.stopped).toBe(true);
  });

  test('a start that fails is retried; stop() ends it for good', async () => {
    let attempts = 0;
    const log: string[] = [];
    const first = fakeProcess(1);
    const s = await Supervisor.start({
      name: 'api',
      log: (m) => log.push(m),
      initialDelayMs: 10,
      start: async () => {
        attempts++;
        if (attempts === 1) return first;
        if (attempts < 4) throw new Error('port busy');
        return fakeProcess(attempts);
      },
    });
    first.die('exit code 1');
    while (s.restarts < 1) await tick(5);
    expect(attempts).toBe(4);
    expect(log).toContain('api exited unexpectedly (restart failed: port busy); restarting in 0.02 s');
    await s.stop();
    const after = attempts;
    await tick(100);
    expect(attempts).toBe(after);
  });

  test('no restart after stop(), even when the process exits while stopping', async () => {
    const p = fakeProcess(7);
    let starts = 0;
    const s = await Supervisor.start({
      name: 'x',
      log: () => undefined,
      initialDelayMs: 5,
      start: async () => (starts++ === 0 ? p : fakeProcess(8)),
    });
    await s.stop();
    p.die('SIGTERM');
    await tick(50);
    expect(starts).toBe(1);
    expect(p.stopped).toBe(true);
  });
});
