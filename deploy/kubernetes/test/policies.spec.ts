import { beforeAll, describe, expect, it } from '@jest/globals';

import { type K8sObject, renderOverlay } from './manifests.js';
import { policies } from './policies.js';
import { schemaErrors } from './schema.js';

// Each rule must be able to fail: one broken copy of the rendered local overlay per rule, and the
// violation the rule must report for it.
type Breakage = [policy: string, how: string, breakIt: (objects: K8sObject[]) => void, reported: string];

const get = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`fixture: no ${kind}/${name}`);
  return found;
};
const container = (objects: K8sObject[], kind: string, name: string, index = 0) =>
  get(objects, kind, name).spec.template.spec.containers[index];
const remove = (objects: K8sObject[], kind: string, name: string) =>
  objects.splice(objects.indexOf(get(objects, kind, name)), 1);

const breakages: Breakage[] = [
  [
    'every long-running container has readiness and liveness probes',
    'auth without readiness',
    (o) => delete container(o, 'Deployment', 'stayup-auth').readinessProbe,
    'Deployment/stayup-auth container auth: no readinessProbe',
  ],
  [
    'every long-running container has readiness and liveness probes',
    'Redis without liveness',
    (o) => delete container(o, 'StatefulSet', 'stayup-redis').livenessProbe,
    'StatefulSet/stayup-redis container redis: no livenessProbe',
  ],
  [
    'every container has cpu and memory requests and limits',
    'payment without a memory limit',
    (o) => delete container(o, 'Deployment', 'stayup-payment').resources.limits.memory,
    'Deployment/stayup-payment container payment: no limits.memory',
  ],
  [
    'every container has cpu and memory requests and limits',
    'db-init without requests',
    (o) => delete get(o, 'Job', 'stayup-migrate').spec.template.spec.initContainers[0].resources.requests,
    'Job/stayup-migrate container db-init: no requests.cpu',
  ],
  [
    'every container runs as a non-root user',
    'Patroni as root',
    (o) => (get(o, 'StatefulSet', 'stayup-patroni').spec.template.spec.securityContext.runAsUser = 0),
    'StatefulSet/stayup-patroni container patroni: runAsUser 0 is not a non-zero uid',
  ],
  [
    'every container runs as a non-root user',
    'simulator without runAsNonRoot',
    (o) => delete get(o, 'Deployment', 'stayup-simulator').spec.template.spec.securityContext.runAsNonRoot,
    'Deployment/stayup-simulator container simulator: runAsNonRoot is not true',
  ],
  [
    'every container is locked down: read-only root, no escalation, no capabilities, seccomp',
    'writable root',
    (o) => (container(o, 'StatefulSet', 'stayup-sentinel').securityContext.readOnlyRootFilesystem = false),
    'StatefulSet/stayup-sentinel container sentinel: root filesystem is writable',
  ],
  [
    'every container is locked down: read-only root, no escalation, no capabilities, seccomp',
    'escalation',
    (o) => delete container(o, 'Deployment', 'stayup-auth').securityContext.allowPrivilegeEscalation,
    'Deployment/stayup-auth container auth: privilege escalation allowed',
  ],
  [
    'every container is locked down: read-only root, no escalation, no capabilities, seccomp',
    'capabilities kept',
    (o) => (container(o, 'Deployment', 'stayup-payment').securityContext.capabilities.drop = []),
    'Deployment/stayup-payment container payment: capabilities not dropped',
  ],
  [
    'every container is locked down: read-only root, no escalation, no capabilities, seccomp',
    'unconfined seccomp',
    (o) =>
      (get(o, 'StatefulSet', 'stayup-redis').spec.template.spec.securityContext.seccompProfile.type =
        'Unconfined'),
    'StatefulSet/stayup-redis container redis: seccomp is not RuntimeDefault',
  ],
  [
    "every workload's selector matches its own pods, and every Service's some pods",
    'selector off its pods',
    (o) =>
      (get(o, 'Deployment', 'stayup-payment').spec.template.metadata.labels['app.kubernetes.io/name'] =
        'pay'),
    'Deployment/stayup-payment: spec.selector does not match its pod template',
  ],
  [
    "every workload's selector matches its own pods, and every Service's some pods",
    'Service selects nothing',
    (o) => (get(o, 'Service', 'stayup-auth').spec.selector = { 'app.kubernetes.io/name': 'authentication' }),
    'Service/stayup-auth: selects no pods',
  ],
  [
    'every Deployment and StatefulSet has a PodDisruptionBudget',
    'PDB removed',
    (o) => remove(o, 'PodDisruptionBudget', 'stayup-sentinel'),
    'StatefulSet/stayup-sentinel: no PodDisruptionBudget selects its pods',
  ],
  [
    'every replicated workload spreads its pods across nodes',
    'spread dropped',
    (o) => delete get(o, 'Deployment', 'stayup-auth').spec.template.spec.topologySpreadConstraints,
    'Deployment/stayup-auth: no hard topology spread over kubernetes.io/hostname',
  ],
  [
    'the namespace denies by default and every pod has a NetworkPolicy of its own',
    'no default deny',
    (o) => remove(o, 'NetworkPolicy', 'default-deny'),
    'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
  ],
  [
    'the namespace denies by default and every pod has a NetworkPolicy of its own',
    'pod without a policy',
    (o) => remove(o, 'NetworkPolicy', 'migrate'),
    'Job/stayup-migrate: no NetworkPolicy selects its pods',
  ],
  [
    'no Secret carries data in the manifests',
    'a committed Secret',
    (o) =>
      o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { password: 'x' } }),
    'Secret/leak: carries data; reference a Secret created outside the repository instead',
  ],
  [
    'every image is pinned to a tag or digest other than latest',
    'latest',
    (o) => (container(o, 'Deployment', 'stayup-auth').image = 'stayup/auth-service:latest'),
    'Deployment/stayup-auth container auth: image stayup/auth-service:latest has no tag or is latest',
  ],
  [
    'every image is pinned to a tag or digest other than latest',
    'no tag',
    (o) => (container(o, 'StatefulSet', 'stayup-redis').image = 'registry:5000/redis'),
    'StatefulSet/stayup-redis container redis: image registry:5000/redis has no tag or is latest',
  ],
  [
    'autoscaled Deployments keep at least 2 replicas',
    'HPA down to 1',
    (o) => (get(o, 'HorizontalPodAutoscaler', 'stayup-payment').spec.minReplicas = 1),
    'HorizontalPodAutoscaler/stayup-payment: Deployment/stayup-payment may run 1 replica',
  ],
  [
    'autoscaled services drain before they are killed, within the grace period',
    'no preStop',
    (o) => delete container(o, 'Deployment', 'stayup-auth').lifecycle,
    'Deployment/stayup-auth container auth: no preStop sleep',
  ],
  [
    'autoscaled services drain before they are killed, within the grace period',
    'grace too short',
    (o) => (get(o, 'Deployment', 'stayup-payment').spec.template.spec.terminationGracePeriodSeconds = 10),
    'Deployment/stayup-payment: grace 10 s ≤ preStop + drain + close 16 s',
  ],
];

describe('policies', () => {
  let rendered: K8sObject[];
  beforeAll(() => {
    rendered = renderOverlay('local');
  });

  it('has a breakage for every rule', () => {
    expect(Object.keys(policies).filter((p) => !breakages.some(([policy]) => policy === p))).toEqual([]);
  });

  it.each(breakages)('%s: reports %s', (policy, _how, breakIt, reported) => {
    const objects = structuredClone(rendered);
    breakIt(objects);

    expect(policies[policy](objects)).toContain(reported);
  });
});

describe(schemaErrors.name, () => {
  let rendered: K8sObject[];
  beforeAll(() => {
    rendered = renderOverlay('local');
  });

  it('reports a field of the wrong type and a missing required field', async () => {
    const deployment = structuredClone(rendered.find((o) => o.kind === 'Deployment')!);
    deployment.spec.replicas = 'two';
    delete deployment.spec.template.spec.containers[0].name;

    const errors = (await schemaErrors(deployment)).join('\n');

    expect(errors).toMatch(/spec\/replicas must be integer/);
    expect(errors).toMatch(/containers\/0 must have required property name/);
  });

  it('reports a kind its apiVersion does not have', async () => {
    const errors = await schemaErrors({
      apiVersion: 'apps/v1',
      kind: 'Deployement',
      metadata: { name: 'x' },
    });

    expect(errors).toEqual(['Deployement/x: no kind Deployement in apps/v1']);
  });
});
