// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActivityFunction = (...args: any[]) => unknown;

/**
 * Wraps every activity function of a factory's result in `around` (which runs the call it is given).
 * Names, arguments and results are unchanged: recorded workflow histories reference the activity
 * type names, i.e. the object's keys.
 */
export function wrapActivities<T extends Record<string, ActivityFunction>>(
  activities: T,
  around: (call: () => Promise<unknown>) => Promise<unknown>,
): T {
  const out: Record<string, ActivityFunction> = {};
  for (const [name, fn] of Object.entries(activities)) {
    out[name] = (...args: unknown[]) => around(async () => fn.apply(activities, args));
  }
  return out as T;
}
