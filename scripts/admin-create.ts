/**
 * `npm run admin:create -- --username <name> --display-name <name> [--org-unit <code> | --root-name <name>]`
 *
 * Creates the first administrator of a production database, once. The password comes from
 * BANGFU_ADMIN_PASSWORD or, when that is unset, the first line on standard input (so it is not in
 * the shell history). A second run refuses with exit code 3; bad input exits 2.
 */
import 'reflect-metadata';
import * as readline from 'node:readline';
import { DataSource } from 'typeorm';
import { createFirstAdmin, type FirstAdminInput } from '../libs/accounts/first-admin';
import { dataSourceOptions } from '../libs/database/data-source';

export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else out[a.slice(2)] = argv[++i] ?? '';
  }
  return out;
}

async function readPassword(): Promise<string> {
  if (process.env.BANGFU_ADMIN_PASSWORD) return process.env.BANGFU_ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password for the new administrator: ');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

/** Runs the command; answers the exit code (0 created, 2 bad input, 3 an admin exists). */
export async function adminCreate(
  argv: string[],
  env: Record<string, string | undefined>,
  password: () => Promise<string>,
  log: (line: string) => void,
): Promise<number> {
  const args = parseArgs(argv);
  if (!env.DATABASE_URL) {
    log('admin:create: DATABASE_URL is required');
    return 2;
  }
  if (!args.username || !args['display-name']) {
    log(
      'usage: npm run admin:create -- --username <name> --display-name <name> [--org-unit <code> | --root-name <name>]',
    );
    return 2;
  }
  const input: FirstAdminInput = {
    username: args.username,
    displayName: args['display-name'],
    password: await password(),
    orgUnitCode: args['org-unit'] || undefined,
    rootName: args['root-name'] || undefined,
    rootCode: args['root-code'] || undefined,
  };
  const ds = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
  try {
    const r = await createFirstAdmin(ds, input);
    if (!r.ok) {
      log(`\n*** admin:create REFUSED: ${r.message} ***\n`);
      return r.reason === 'admin_exists' ? 3 : 2;
    }
    log(
      `admin:create: administrator ${input.username} created${r.createdRoot ? ` with the top-level unit ${input.rootName}` : ''}; ` +
        'log in to the console and change the password (required at first login)',
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  adminCreate(process.argv.slice(2), process.env, readPassword, (l) => console.error(l)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
