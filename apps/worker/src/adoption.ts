import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../../../libs/config/env';
import { bangfuDataConverter } from '../../../libs/security/payload-codec';

/**
 * What the start-up adoption services (loans in servicing, live pairings) share: whether adoption
 * runs (`on`, or `auto` outside tests), a client with the payload codec, and the walk over the
 * records in keyset pages, a few starts at a time.
 */
export function adoptionEnabled(mode: 'auto' | 'on' | 'off', config: Pick<AppConfig, 'NODE_ENV'>): boolean {
  return mode === 'on' || (mode === 'auto' && config.NODE_ENV !== 'test');
}

export function adoptionClient(config: AppConfig, connection: NativeConnection): Client {
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: bangfuDataConverter(config),
  });
}

/** Calls `adopt` for every record `read` pages out (by id), `parallel` at a time; counts the trues. */
export async function adoptAll<T extends { id: string }>(
  read: (after: string | null, limit: number) => Promise<T[]>,
  adopt: (record: T) => Promise<boolean>,
  opts: { pageSize: number; parallel: number },
): Promise<number> {
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const page = await read(after, opts.pageSize);
    for (let i = 0; i < page.length; i += opts.parallel) {
      const done = await Promise.all(page.slice(i, i + opts.parallel).map(adopt));
      count += done.filter(Boolean).length;
    }
    if (page.length < opts.pageSize) return count;
    after = page.at(-1)!.id;
  }
}
