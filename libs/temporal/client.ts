import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from './names';
import type { DataConverter } from '@temporalio/common';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** bangfu's encrypting data converter (libs/security/payload-codec.ts) */
  dataConverter: DataConverter;
}

export async function createTemporalClient(opts: TemporalClientOptions): Promise<Client> {
  const connection = await Connection.connect({ address: opts.address });
  return new Client({ connection, namespace: opts.namespace, dataConverter: opts.dataConverter });
}

/**
 * Registers bangfu's custom search attributes on the namespace; attributes that already exist are
 * left alone. Used when TEMPORAL_ADDRESS points at a server the launcher did not start.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const present = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_NAMES.filter((n) => !present.has(n));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((n) => [n, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return missing;
}
