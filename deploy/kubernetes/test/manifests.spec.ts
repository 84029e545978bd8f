import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { type K8sObject, KUBERNETES_DIR, OVERLAYS, generatedSecrets, renderOverlay } from './manifests.js';
import { patroniEnvironmentConfig, podEnvironment } from './patroni-environment.js';
import { policies } from './policies.js';
import { schemaErrors } from './schema.js';
import { secretReferences } from './secret-references.js';

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
// `sh -n`: parsed by the shell the images run (dash here, as in Debian's images), not executed.
const shellSyntaxErrors = (script: string) =>
  spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' }).stderr;

const names = (objects: K8sObject[], kind: string) =>
  objects
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

describe.each(OVERLAYS)(`${renderOverlay.name}(%s)`, (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderOverlay(overlay);
  });

  it('renders every part of the system into the stayup namespace', () => {
    expect(names(objects, 'StatefulSet')).toEqual(['stayup-patroni', 'stayup-redis', 'stayup-sentinel']);
    expect(names(objects, 'Deployment')).toEqual(
      overlay === 'local'
        ? ['stayup-auth', 'stayup-payment', 'stayup-simulator']
        : ['stayup-auth', 'stayup-payment'],
    );
    expect(names(objects, 'HorizontalPodAutoscaler')).toEqual(['stayup-auth', 'stayup-payment']);
    expect(names(objects, 'Job')).toEqual(['stayup-migrate']);
    expect(names(objects, 'Ingress')).toEqual(['stayup-api', 'stayup-credentials']);
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'stayup')).toEqual([]);
  });

  it('matches the Kubernetes schema of each kind', async () => {
    const errors: string[] = [];
    for (const object of objects) errors.push(...(await schemaErrors(object)));

    expect(errors).toEqual([]);
  });

  it.each(Object.keys(policies))('%s', (policy) => {
    expect(policies[policy](objects)).toEqual([]);
  });

  it('references only Secrets and keys that create-secrets.sh makes', () => {
    const made = generatedSecrets();
    const missing = secretReferences(objects).filter((ref) => {
      const secret = find(made, 'Secret', ref.name);
      return !secret || (ref.key !== undefined && !(ref.key in (secret.data ?? {})));
    });

    expect(secretReferences(objects).length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('ships shell scripts that parse', () => {
    const scripts = objects
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((o) =>
        Object.entries((o.data ?? {}) as Record<string, string>).filter(([key]) => key.endsWith('.sh')),
      );

    expect(scripts.map(([key]) => key).sort()).toEqual(['ping.sh', 'redis.sh', 'sentinel.sh']);
    for (const [, script] of scripts) expect(shellSyntaxErrors(script)).toBe('');
  });

  it('runs Patroni on the Kubernetes DCS: leader Service by Patroni, replicas by role label', () => {
    const patroni = find(objects, 'StatefulSet', 'stayup-patroni')!;
    const env = Object.fromEntries(
      patroni.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [
        e.name,
        e.value,
      ]),
    );
    const roleRules = find(objects, 'Role', 'stayup-patroni')!.rules as {
      resources: string[];
      verbs: string[];
    }[];

    expect(env.PATRONI_KUBERNETES_USE_ENDPOINTS).toBe('true');
    expect(Object.keys(env).filter((name) => name.startsWith('PATRONI_ETCD'))).toEqual([]);
    expect(env.PATRONI_SCOPE).toBe('stayup-db');
    // The leader Service has no selector: Patroni writes its Endpoints (same name as the scope).
    expect(find(objects, 'Service', 'stayup-db')!.spec.selector).toBeUndefined();
    expect(find(objects, 'Service', 'stayup-db-replicas')!.spec.selector).toMatchObject({ role: 'replica' });
    expect(roleRules.find((r) => r.resources.includes('endpoints'))!.verbs).toEqual(
      expect.arrayContaining(['create', 'get', 'patch', 'update', 'watch']),
    );
    expect(patroni.spec.template.spec.serviceAccountName).toBe('stayup-patroni');
  });
});

describe(patroniEnvironmentConfig.name, () => {
  it("reads the StatefulSet's environment as the Kubernetes DCS, with its members' addresses and credentials", () => {
    const patroni = find(renderOverlay('local'), 'StatefulSet', 'stayup-patroni')!;
    const secretKeys = Object.fromEntries(
      generatedSecrets().map((s) => [s.metadata.name, Object.keys(s.data ?? {})]),
    );
    const env = podEnvironment(
      patroni,
      { 'metadata.name': 'stayup-patroni-0', 'metadata.namespace': 'stayup', 'status.podIP': '10.1.2.3' },
      secretKeys,
    );

    const config = patroniEnvironmentConfig(env);

    expect(config).toMatchObject({
      scope: 'stayup-db',
      name: 'stayup-patroni-0',
      kubernetes: {
        namespace: 'stayup',
        pod_ip: '10.1.2.3',
        use_endpoints: true,
        labels: patroni.spec.selector.matchLabels,
        ports: [{ name: 'postgresql', port: 5432 }],
      },
      postgresql: {
        connect_address: '10.1.2.3:5432',
        authentication: {
          superuser: { username: 'postgres', password: 'placeholder-patroni_superuser_password' },
          replication: { username: 'replicator', password: 'placeholder-patroni_replication_password' },
          rewind: { username: 'rewind_user', password: 'placeholder-patroni_rewind_password' },
        },
      },
      restapi: { connect_address: '10.1.2.3:8008', authentication: { username: 'patroni' } },
    });
    expect(Object.keys(config).filter((k) => ['etcd', 'etcd3', 'consul', 'zookeeper'].includes(k))).toEqual(
      [],
    );
  });
});

describe('shell syntax check', () => {
  it('reports a script that does not parse', () => {
    expect(shellSyntaxErrors('if true; then echo\n')).toMatch(/end of file|expecting "fi"/);
  });
});

describe('the Patroni image configuration the manifests run', () => {
  const config = parse(readFileSync(path.join(KUBERNETES_DIR, '../postgres/patroni.docker.yml'), 'utf8'));

  it('writes outside the data directory only where the StatefulSet mounts a volume', () => {
    const patroni = find(renderOverlay('local'), 'StatefulSet', 'stayup-patroni')!;
    const mounts: string[] = patroni.spec.template.spec.containers[0].volumeMounts.map(
      (m: { mountPath: string }) => m.mountPath,
    );
    const { postgresql } = config;
    const written = [
      postgresql.data_dir,
      path.dirname(postgresql.pgpass),
      ...String(postgresql.parameters?.unix_socket_directories ?? '/var/run/postgresql')
        .split(',')
        .map((d: string) => d.trim()),
    ];

    expect(written.filter((dir) => !mounts.some((m) => dir === m || dir.startsWith(`${m}/`)))).toEqual([]);
  });

  it('replicates synchronously and names no DCS, so the environment picks Kubernetes', () => {
    expect(config.bootstrap.dcs).toMatchObject({ synchronous_mode: true, failsafe_mode: true });
    expect(
      Object.keys(config).filter((k) => ['etcd', 'etcd3', 'consul', 'zookeeper', 'kubernetes'].includes(k)),
    ).toEqual([]);
  });
});
