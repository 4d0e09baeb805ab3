export const TEMPLATE_DB = 'bangfu_test_template';

/** Handles the global setup leaves for the global teardown (same process). */
export const globalHandles: { stops: Array<() => Promise<void>>; ready?: boolean } = ((
  globalThis as Record<string, unknown>
).__bangfuTest ??= {
  stops: [],
}) as { stops: Array<() => Promise<void>>; ready?: boolean };
