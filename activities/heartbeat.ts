import { Context } from '@temporalio/activity';
import { wrapActivities, type ActivityFunction } from './wrap';

/** How often a kept-alive activity heartbeats while it runs (well inside a 30-second heartbeat timeout). */
export const KEEP_ALIVE_MS = 5_000;

/**
 * Wraps every activity function of a factory's result so it heartbeats every KEEP_ALIVE_MS while it
 * runs, a long SQL statement included. The heartbeat says only "this worker is alive and on it": a
 * workflow can then give those activities a short heartbeat timeout, and an attempt lost with its
 * worker (kill -9, a deploy, a task handed to a poller that had just gone) is retried after that
 * timeout instead of after the start-to-close timeout. Details an activity heartbeats itself still
 * go out (the keep-alive sends none). Outside an activity (a direct call in a test) it only calls.
 */
export function keptAlive<T extends Record<string, ActivityFunction>>(activities: T): T {
  return wrapActivities(activities, async (call) => {
    const ctx = currentContext();
    if (!ctx) return call(); // not inside an activity
    const timer = setInterval(() => ctx.heartbeat(), KEEP_ALIVE_MS);
    try {
      return await call();
    } finally {
      clearInterval(timer);
    }
  });
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
