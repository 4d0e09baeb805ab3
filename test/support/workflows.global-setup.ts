import { toolsDir } from '../../libs/infra/paths';
import { resolveTemporalTestServer } from '../../libs/infra/temporal-binaries';

/** Finds or installs the time-skipping test server once per run; suites read TEMPORAL_TEST_SERVER_PATH. */
export default function setup(): void {
  const resolved = resolveTemporalTestServer(toolsDir(), (m) => process.stdout.write(`\n[test setup] ${m}`));
  if (resolved.path) process.env.TEMPORAL_TEST_SERVER_PATH = resolved.path;
}
