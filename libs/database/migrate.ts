import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { seedReferenceData } from './seed';

/**
 * Runs pending migrations (never synchronize), then inserts missing reference data (default
 * programs). Returns the names of the migrations applied.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  runMigrations(url).then(
    (names) => {
      console.log(JSON.stringify({ msg: 'migrations applied', applied: names }));
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
