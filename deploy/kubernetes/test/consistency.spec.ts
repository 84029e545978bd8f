import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { type K8sObject, KUBERNETES_DIR, OVERLAYS, renderOverlay } from './manifests.js';

// The manifests repeat settings the local stack and the benchmark own: these hold them equal.
const REPO = path.resolve(KUBERNETES_DIR, '../..');
const TOPOLOGY = path.join(REPO, 'deploy/local/lib/topology.mjs');

interface Topology {
  AUTH_NODE_OPTIONS: string;
  SERVICE_NODE_OPTIONS: string;
  AUTH_HASH_THREADS: string;
}
interface BenchRun {
  workloads: { peakRssBytes: Record<string, number> }[];
}

const get = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};

function bytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 2 ** 30 : 2 ** 20);
}

function envFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The highest RSS any instance of the service reached in the benchmark's last run, over every workload. */
function peakRss(run: BenchRun, instancePrefix: string): number {
  const peaks = run.workloads.flatMap((w) =>
    Object.entries(w.peakRssBytes)
      .filter(([instance]) => instance.startsWith(instancePrefix))
      .map(([, rss]) => rss),
  );
  if (!peaks.length) throw new Error(`no RSS recorded for ${instancePrefix}`);
  return Math.max(...peaks);
}

describe.each(OVERLAYS)('the %s overlay next to the stack it mirrors', (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderOverlay(overlay);
  });

  it("gives the services the local stack's heap and hash-thread settings", async () => {
    const topology = (await import(TOPOLOGY)) as Topology;

    expect(get(objects, 'ConfigMap', 'stayup-auth').data).toMatchObject({
      NODE_OPTIONS: topology.AUTH_NODE_OPTIONS,
      UV_THREADPOOL_SIZE: topology.AUTH_HASH_THREADS,
    });
    expect(get(objects, 'ConfigMap', 'stayup-payment').data.NODE_OPTIONS).toBe(topology.SERVICE_NODE_OPTIONS);
  });

  it.each([
    ['stayup-auth', 'auth-'],
    ['stayup-payment', 'payment-'],
  ])('reserves the peak RSS measured for %s and limits it 25 %% above', (deployment, instancePrefix) => {
    const run = JSON.parse(readFileSync(path.join(REPO, 'bench/results/last-run.json'), 'utf8')) as BenchRun;
    const peak = peakRss(run, instancePrefix);
    const { requests, limits } = get(objects, 'Deployment', deployment).spec.template.spec.containers[0]
      .resources;

    expect(bytes(requests.memory)).toBeGreaterThanOrEqual(peak);
    expect(bytes(limits.memory)).toBeGreaterThanOrEqual(peak * 1.25);
  });

  it("rate-limits and sizes requests as nginx/'s defaults do", () => {
    const nginx = envFile(path.join(REPO, 'nginx/defaults.env'));
    const annotations = (name: string) => get(objects, 'Ingress', name).metadata.annotations!;
    const [apiRate, apiUnit] = /^(\d+)r\/(s|m)$/.exec(nginx.NGINX_API_RATE)!.slice(1);
    const [credentialsRate, credentialsUnit] = /^(\d+)r\/(s|m)$/.exec(nginx.NGINX_CREDENTIALS_RATE)!.slice(1);
    const api = annotations('stayup-api');

    expect(annotations('stayup-credentials')[`nginx.ingress.kubernetes.io/limit-rp${credentialsUnit}`]).toBe(
      credentialsRate,
    );
    expect(api[`nginx.ingress.kubernetes.io/limit-rp${apiUnit}`]).toBe(apiRate);
    expect(Number(api['nginx.ingress.kubernetes.io/limit-burst-multiplier']) * Number(apiRate)).toBe(
      Number(nginx.NGINX_API_BURST),
    );
    for (const name of ['stayup-api', 'stayup-credentials'])
      expect(annotations(name)['nginx.ingress.kubernetes.io/proxy-body-size']).toBe(nginx.NGINX_BODY_LIMIT);
  });

  it('issues tokens for the host the Ingress serves, over TLS', () => {
    const issuer = new URL(get(objects, 'ConfigMap', 'stayup-common').data.JWT_ISSUER);
    const ingresses = objects.filter((o) => o.kind === 'Ingress');

    expect(issuer.protocol).toBe('https:');
    for (const ingress of ingresses) {
      expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual([issuer.host]);
      expect(ingress.spec.tls).toEqual([{ hosts: [issuer.host], secretName: 'stayup-tls' }]);
    }
  });
});
