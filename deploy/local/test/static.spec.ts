import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPO, run } from './stack-cli.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  deploy?: { replicas?: number };
  restart?: string;
  cap_drop?: string[];
  security_opt?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; disable?: boolean };
}
interface LocalProcess {
  name: string;
  service: string;
  supervised: boolean;
}

const COMPOSE = path.join(REPO, 'docker-compose.prod.yml');
// etcd has 3 members in compose and 1 locally (docs/architecture.md#topology); the backup schedule is
// a service in compose and the ./stack backup command locally; Alertmanager and Grafana run in
// compose only; everything else must match.
const COMPOSE_ONLY = ['etcd-2', 'etcd-3', 'pgbackrest', 'alertmanager', 'grafana'];

function readKv(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

async function composeConfig(envFile: string) {
  return run('docker-compose', ['--env-file', envFile, '-f', COMPOSE, 'config']);
}

/** The services of the file as docker-compose renders it with .env.example. */
async function composeServices<T = ComposeService>(): Promise<Record<string, T>> {
  const rendered = await composeConfig(path.join(REPO, '.env.example'));
  const asJson = await run('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: rendered.stdout });
  return (JSON.parse(asJson.stdout) as { services: Record<string, T> }).services;
}

/** FROM lines of a Dockerfile with the default of each global ARG. */
function dockerfileBases(file: string): { bases: string[]; stages: string[]; argDefaults: Record<string, string> } {
  const text = readFileSync(file, 'utf8');
  const froms = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
  return {
    bases: froms.map((m) => m[1] ?? ''),
    stages: froms.flatMap((m) => (m[2] ? [m[2]] : [])),
    argDefaults: Object.fromEntries([...text.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])),
  };
}

async function renderNginx(dir: string, overrides: Record<string, string> = {}) {
  return run('sh', [path.join(REPO, 'nginx/render.sh'), path.join(REPO, 'nginx/nginx.conf.template'), path.join(dir, 'nginx.conf')], {
    env: {
      PATH: process.env.PATH,
      ...readKv(path.join(REPO, 'nginx/defaults.env')),
      NGINX_RUN_DIR: dir,
      NGINX_ERROR_LOG: path.join(dir, 'error.log'),
      NGINX_ACCESS_LOG: path.join(dir, 'access.log'),
      NGINX_LISTEN_ADDR: '127.0.0.1',
      NGINX_HTTP_PORT: '18080',
      NGINX_HTTPS_PORT: '18443',
      NGINX_STATUS_PORT: '18090',
      NGINX_TLS_CERT: path.join(dir, 'server.crt'),
      NGINX_TLS_KEY: path.join(dir, 'server.key'),
      AUTH_1_ADDR: '127.0.0.1:1',
      AUTH_2_ADDR: '127.0.0.1:2',
      PAYMENT_1_ADDR: '127.0.0.1:3',
      PAYMENT_2_ADDR: '127.0.0.1:4',
      ...overrides,
    },
  });
}

describe('deployment files', () => {
  let dir: string;

  beforeAll(async () => {
    // nginx, haproxy and docker-compose come from Debian; installs them when root, else names the command.
    const install = await run(path.join(REPO, 'stack'), ['install']);
    if (install.code !== 0) throw new Error(install.stderr);
    dir = mkdtempSync(path.join(tmpdir(), 'stack-static-'));
    const cert = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', path.join(dir, 'server.key'), '-out', path.join(dir, 'server.crt')]);
    if (cert.code !== 0) throw new Error(cert.stderr);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('docker-compose.prod.yml', () => {
    it('validates with docker-compose config when every secret is set (.env.example)', async () => {
      const result = await composeConfig(path.join(REPO, '.env.example'));

      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
    });

    it('refuses to render without the secrets, naming the missing one', async () => {
      const empty = path.join(dir, 'empty.env');
      await run('touch', [empty]);

      const result = await composeConfig(empty);

      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/set [A-Z_]+ in \.env/);
    });

    it('declares the same processes and replica counts as the local stack', async () => {
      const compose = { services: await composeServices() };
      const local = await run('node', [path.join(REPO, 'deploy/local/lib/topology.mjs'), 'summary'], {
        env: {
          PATH: process.env.PATH,
          STACK_DIR: dir,
          ...readKv(path.join(REPO, 'deploy/local/ports.env')),
          ...readKv(path.join(REPO, '.env.example')),
        },
      });
      const localNames = (JSON.parse(local.stdout) as LocalProcess[]).map((p) => p.name);
      const countOf = (names: string[], prefix: string) => names.filter((n) => n.startsWith(`${prefix}-`) || n === prefix).length;
      const composeNames = Object.keys(compose.services);

      expect(composeNames.filter((n) => !COMPOSE_ONLY.includes(n)).sort()).toEqual([...localNames].sort());
      for (const [name, service] of Object.entries(compose.services)) expect([name, service.deploy?.replicas ?? 1]).toEqual([name, 1]);
      for (const [prefix, count] of [['auth', 2], ['payment', 2], ['simulator', 1], ['patroni', 2], ['redis', 2], ['sentinel', 3], ['nginx', 1], ['haproxy', 1]] as const) {
        expect([prefix, countOf(localNames, prefix)]).toEqual([prefix, count]);
        expect([prefix, countOf(composeNames, prefix)]).toEqual([prefix, count]);
      }
      expect(countOf(localNames, 'etcd')).toBe(1);
      expect(countOf(composeNames, 'etcd')).toBe(3);
    });

    it('sizes the Node services’ heap and hash threads as the local stack does', async () => {
      const services = await composeServices<{ environment?: Record<string, string> }>();
      const env = { PATH: process.env.PATH, STACK_DIR: dir, ...readKv(path.join(REPO, 'deploy/local/ports.env')), ...readKv(path.join(REPO, '.env.example')) };
      for (const service of ['auth', 'payment']) {
        const local = JSON.parse((await run('node', [path.join(REPO, 'deploy/local/lib/topology.mjs'), 'service-env', service], { env })).stdout) as Record<string, string>;
        for (const name of [`${service}-1`, `${service}-2`]) {
          const composed = services[name]?.environment ?? {};
          expect([name, composed['NODE_OPTIONS'], composed['UV_THREADPOOL_SIZE']]).toEqual([name, local['NODE_OPTIONS'], local['UV_THREADPOOL_SIZE']]);
        }
        expect(local['NODE_OPTIONS']).toMatch(/--max-old-space-size=\d+/);
      }
    });

    it('loads tracing the same way in every service, locally and in the image (ADR 0009)', async () => {
      const env = { PATH: process.env.PATH, STACK_DIR: dir, ...readKv(path.join(REPO, 'deploy/local/ports.env')), ...readKv(path.join(REPO, '.env.example')) };
      const { apps } = JSON.parse((await run('node', [path.join(REPO, 'deploy/local/lib/topology.mjs'), 'ecosystem'], { env })).stdout) as {
        apps: { name: string; args: string[]; env: Record<string, string> }[];
      };
      const rendered = await composeConfig(path.join(REPO, '.env.example'));
      const asJson = await run('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: rendered.stdout });
      const { services } = JSON.parse(asJson.stdout) as { services: Record<string, { environment?: Record<string, string> }> };
      const preload = '--import @app/tracing/register';

      const nodeApps = apps.filter((app) => app.args.some((arg) => arg.endsWith('/dist/main.js')));
      expect(nodeApps.map((app) => app.name).sort()).toEqual(['auth-1', 'auth-2', 'payment-1', 'payment-2', 'simulator']);
      for (const app of nodeApps) {
        expect([app.name, app.args.join(' ')]).toEqual([app.name, expect.stringContaining(preload)]);
        const composed = services[app.name]?.environment ?? {};
        expect([app.name, composed['OTEL_SERVICE_NAME']]).toEqual([app.name, app.env['OTEL_SERVICE_NAME']]);
        expect(composed).toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
      }
      const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(REPO, 'deploy/node-service.Dockerfile'), 'utf8'))?.[1];
      expect((JSON.parse(cmd ?? '[]') as string[]).join(' ')).toContain(preload);
    });

    it('runs every long-lived container hardened, restarting always, one-shots never', async () => {
      const services = await composeServices();
      const oneShots = ['db-init', 'migrate-auth', 'migrate-payment'];

      for (const [name, service] of Object.entries(services)) {
        expect([name, service.restart]).toEqual([name, oneShots.includes(name) ? 'no' : 'always']);
        expect([name, service.cap_drop]).toEqual([name, ['ALL']]);
        expect([name, service.security_opt]).toEqual([name, ['no-new-privileges:true']]);
      }
      for (const name of ['auth-1', 'auth-2']) expect(services[name].depends_on?.['migrate-auth']).toEqual({ condition: 'service_completed_successfully' });
      for (const name of ['payment-1', 'payment-2']) expect(services[name].depends_on?.['migrate-payment']).toEqual({ condition: 'service_completed_successfully' });
    });
  });

  describe('the images of docker-compose.prod.yml', () => {
    // Without a registry compose.sh passes its own bases (ADR 0011); with one, the defaults are the official images.
    const OFFICIAL_BASES: Record<string, string> = { BASE_IMAGE: 'debian:bookworm-slim', NODE_IMAGE: 'node:24-bookworm-slim' };

    // Grafana is not packaged by Debian, so it keeps its Docker Hub image (ADR 0011, 0012): compose.sh up
    // starts everything else and prints it as SKIPPED. Nothing may join this list.
    const REGISTRY_ONLY = ['grafana'];

    it('are all built here: every service builds its image or runs one another service builds, but the listed registry-only ones', async () => {
      const services = await composeServices();
      const built = new Set(Object.values(services).flatMap((s) => (s.build && s.image ? [s.image] : [])));
      const registryOnly = Object.entries(services).filter(([, s]) => !s.build && !built.has(s.image ?? '')).map(([name]) => name);

      expect(registryOnly.sort()).toEqual(REGISTRY_ONLY);
    });

    // A service that runs another's image (the backup scheduler, the WAL streamer on Patroni's) would
    // inherit that image's HEALTHCHECK, which asks for a program it does not run: never healthy.
    it("give each long-running service that runs another service's image a health check of its own", async () => {
      const services = await composeServices();
      const builtBy = new Map(Object.entries(services).flatMap(([name, s]) => (s.build && s.image ? [[s.image, name]] : [])));
      const borrowers = Object.entries(services).filter(([, s]) => !s.build && builtBy.has(s.image ?? '') && s.restart !== 'no');

      expect(borrowers.length).toBeGreaterThan(0);
      expect(borrowers.filter(([, s]) => s.healthcheck?.test === undefined).map(([name]) => name)).toEqual([]);
    });

    it('start FROM a BASE_IMAGE or NODE_IMAGE build argument whose default, in the Dockerfile and in compose, is the official image', async () => {
      const services = await composeServices();

      for (const [name, service] of Object.entries(services)) {
        if (!service.build) continue;
        const { bases, stages, argDefaults } = dockerfileBases(path.join(service.build.context, service.build.dockerfile ?? 'Dockerfile'));
        const external = bases.filter((base) => !stages.includes(base));
        const args = external.map((base) => /^\$\{(\w+)\}$/.exec(base)?.[1] ?? `literal ${base}`);

        expect([name, args.every((arg) => arg in OFFICIAL_BASES)]).toEqual([name, true]);
        for (const arg of new Set(args)) {
          expect([name, arg, argDefaults[arg], service.build.args?.[arg]]).toEqual([name, arg, OFFICIAL_BASES[arg], OFFICIAL_BASES[arg]]);
        }
      }
    });
  });

  describe('nginx/nginx.conf.template', () => {
    it('renders into a configuration that nginx -t accepts', async () => {
      const rendered = await renderNginx(dir);
      const result = await run('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')]);

      expect(rendered.code).toBe(0);
      expect(result.stderr).toContain('test is successful');
      expect(result.code).toBe(0);
    });

    it('keeps nginx variables and substitutes only the listed ones', async () => {
      await renderNginx(dir);
      const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');

      expect(conf).toContain('$req_id');
      expect(conf).toContain('server 127.0.0.1:1 max_fails=2 fail_timeout=5s;');
      expect(conf).not.toMatch(/\$\{[A-Z_]+\}/);
    });

    it('refuses to render when a variable is unset', async () => {
      const result = await run('sh', [path.join(REPO, 'nginx/render.sh'), path.join(REPO, 'nginx/nginx.conf.template'), path.join(dir, 'x.conf')], {
        env: { PATH: process.env.PATH },
      });

      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('AUTH_1_ADDR');
    });
  });

  describe('deploy/haproxy/haproxy.cfg', () => {
    it('is valid with the local stack values', async () => {
      const ports = readKv(path.join(REPO, 'deploy/local/ports.env'));
      const result = await run('haproxy', ['-c', '-f', path.join(REPO, 'deploy/haproxy/haproxy.cfg')], {
        env: {
          PATH: process.env.PATH,
          ...ports,
          HAPROXY_BIND_ADDR: '127.0.0.1',
          PG_1_ADDR: `127.0.0.1:${ports.PG_1_PORT}`,
          PG_2_ADDR: `127.0.0.1:${ports.PG_2_PORT}`,
          PATRONI_1_HOST: '127.0.0.1',
          PATRONI_2_HOST: '127.0.0.1',
        },
      });

      expect(result.stdout + result.stderr).toContain('Configuration file is valid');
      expect(result.code).toBe(0);
    });
  });
});
