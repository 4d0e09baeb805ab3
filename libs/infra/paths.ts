import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the folder holding package.json (works from source and from dist/). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'libs'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** Where embedded PostgreSQL and the Temporal dev server keep their data (BANGFU_DATA_DIR). */
export function dataDir(): string {
  return path.resolve(process.env.BANGFU_DATA_DIR ?? path.join(projectRoot(), '.data'));
}

/** Where installed tools (Temporal CLI, test server) are cached (BANGFU_TOOLS_DIR). */
export function toolsDir(): string {
  return path.resolve(process.env.BANGFU_TOOLS_DIR ?? path.join(projectRoot(), '.tools'));
}
