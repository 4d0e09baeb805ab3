import { bundleWorkflowCode } from '@temporalio/worker';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../libs/infra/paths';

/** Writes dist/workflow-bundle.js, which the worker loads in production (WORKFLOW_BUNDLE_PATH). */
async function main(): Promise<void> {
  const root = projectRoot();
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(root, 'workflows', 'index.ts') });
  const out = path.join(root, 'dist', 'workflow-bundle.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  console.log(
    `[bangfu] workflow bundle written to ${path.relative(root, out)} (${(code.length / 1024).toFixed(0)} KiB)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
