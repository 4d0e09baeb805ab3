import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/**
 * docker-compose.yml (no Docker engine runs here, so it is checked as data): the production
 * topology of `npm run start:cluster` with official images, a health check on every long-running
 * service, dependencies that wait for health or completion, and no default for any secret.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: unknown;
  restart?: string;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  deploy?: { replicas?: string | number };
  ports?: string[];
}
const text = fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
const compose = load(text) as {
  services: Record<string, Service>;
  configs: Record<string, { content: string }>;
};
const services = compose.services;

test('the topology: PostgreSQL, the Temporal server on it, 2 workers, 2 APIs behind one load balancer', () => {
  expect(Object.keys(services).sort()).toEqual(
    [
      'api',
      'lb',
      'migrate',
      'postgres',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ].sort(),
  );
  expect(services.postgres!.image).toMatch(/^postgres:\d+/);
  expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
  expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
  expect(services.lb!.image).toMatch(/^nginx:\d/);
  expect(services.worker!.deploy!.replicas).toBe('${BANGFU_WORKER_REPLICAS:-2}');
  expect(services.api!.deploy!.replicas).toBe('${BANGFU_API_REPLICAS:-2}');
  // one entry point: the APIs publish no host port (replicas could not share it), the lb does
  expect(services.api!.ports).toBeUndefined();
  expect(services.lb!.ports).toEqual(['${API_BIND:-0.0.0.0}:3000:3000']);
  expect(compose.configs['lb-config']!.content).toMatch(/server api:3000/);
  // the same image, build, for api, worker and migrate
  for (const s of ['api', 'worker', 'migrate']) expect(services[s]!.build).toBeDefined();
  // images are pinned to a version (no latest)
  for (const [name, s] of Object.entries(services))
    if (s.image && !s.build)
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/:[^:]*\d/) });
});

test('every long-running service has a health check; the API is checked on /health/ready', () => {
  for (const [name, s] of Object.entries(services)) {
    if (s.restart === 'no') continue; // one-shot jobs
    expect({ name, healthcheck: Boolean(s.healthcheck) }).toEqual({ name, healthcheck: true });
  }
  expect(JSON.stringify(services.api!.healthcheck!.test)).toContain('/health/ready');
});

test('dependencies wait for health or completion, never just for a start', () => {
  for (const [name, s] of Object.entries(services))
    for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
      expect(services[dep]).toBeDefined();
      const wanted = services[dep]!.restart === 'no' ? 'service_completed_successfully' : 'service_healthy';
      expect({ name, dep, condition }).toEqual({ name, dep, condition: wanted });
    }
});

test('no default secrets: every password, secret and key is a required variable', () => {
  const secretish = /PASSWORD|PWD|SECRET|_KEY$/;
  const checked: string[] = [];
  for (const [name, s] of Object.entries(services))
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      if (!secretish.test(k) && !/:\/\/[^@]+@/.test(String(v))) continue;
      checked.push(`${name}.${k}`);
      // `${VAR:?message}`: Compose refuses to start without it; `${VAR:-default}` or a literal would not
      expect({ at: `${name}.${k}`, v }).toEqual({
        at: `${name}.${k}`,
        v: expect.stringMatching(/\$\{[A-Z_]+:\?[^}]*\}/),
      });
      expect(String(v)).not.toMatch(/\$\{[A-Z_]*(PASSWORD|SECRET|KEY)[A-Z_]*:-/);
    }
  expect(checked).toEqual(
    expect.arrayContaining([
      'postgres.POSTGRES_PASSWORD',
      'temporal.POSTGRES_PWD',
      'api.JWT_SECRET',
      'api.PII_ENCRYPTION_KEY',
      'api.DATABASE_URL',
      'worker.PII_HASH_KEY',
    ]),
  );
  // nothing that looks like a literal secret anywhere in the file
  expect(text).not.toMatch(/(PASSWORD|SECRET|_KEY):\s*['"]?[A-Za-z0-9+/=_-]{8,}['"]?\s*$/m);
});

// a `$` before a name would be interpolated (usually to nothing): the file writes `$$` for a literal one
test('every `$` is a Compose interpolation or escaped as `$$`', () => {
  const bare = text
    .split('\n')
    .map((line, i) => ({ line: i + 1, text: line }))
    .filter(({ text: l }) => !/^\s*#/.test(l) && /\$(?!\$|\{|[A-Za-z_])/.test(l.replace(/\$\$/g, '')));
  expect(bare).toEqual([]);
});

test("the deployment guide's .env example sets every variable docker-compose.yml requires (${VAR:?…})", () => {
  const required = [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!))].sort();
  expect(required.length).toBeGreaterThan(3);
  const guide = fs.readFileSync(path.resolve(__dirname, '../../docs/deployment.md'), 'utf8');
  const example = /cat > \.env <<EOF\n([\s\S]*?)\nEOF/.exec(guide)?.[1] ?? '';
  const set = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
  expect(required.filter((v) => !set.has(v))).toEqual([]);
});
