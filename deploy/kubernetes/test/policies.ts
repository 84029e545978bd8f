import { HttpEnv } from '@app/config';

import { type K8sObject } from './manifests.js';

// Our own rules for the rendered manifests, on top of the schemas. Each returns its violations,
// one line per offending object or container; an empty list means the rule holds.
export type Policy = (objects: K8sObject[]) => string[];

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];
const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet'];

interface Container {
  name: string;
  image?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
  [field: string]: any;
}

const nameOf = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
const workloads = (objects: K8sObject[], kinds = WORKLOAD_KINDS) =>
  objects.filter((o) => kinds.includes(o.kind));
const podSpec = (o: K8sObject) => o.spec?.template?.spec ?? {};
const podLabels = (o: K8sObject): Record<string, string> => o.spec?.template?.metadata?.labels ?? {};
const containersOf = (o: K8sObject, withInit = true): Container[] => [
  ...(withInit ? (podSpec(o).initContainers ?? []) : []),
  ...(podSpec(o).containers ?? []),
];

/** A label selector's matchLabels (and matchExpressions, which these manifests do not use) against labels. */
function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string>,
) {
  if (!selector) return false;
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

// Labels a workload puts on its own pods while it runs: Patroni marks each member's role
// (PATRONI_KUBERNETES_LABELS names the pods it manages), so a Service may select on them.
function runtimeLabels(o: K8sObject): Record<string, string> {
  const env: { name: string; value?: string }[] = podSpec(o).containers?.[0]?.env ?? [];
  const patroni = env.some((e) => e.name === 'PATRONI_KUBERNETES_LABELS');
  return patroni ? { ...podLabels(o), role: 'replica' } : podLabels(o);
}

const isEmptySelector = (s: { matchLabels?: object; matchExpressions?: unknown[] } | undefined) =>
  !!s && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

function eachContainer(
  objects: K8sObject[],
  kinds: string[],
  withInit: boolean,
  check: (c: Container, o: K8sObject) => string[],
) {
  return workloads(objects, kinds).flatMap((o) =>
    containersOf(o, withInit).flatMap((c) =>
      check(c, o).map((problem) => `${nameOf(o)} container ${c.name}: ${problem}`),
    ),
  );
}

/** A container's effective security setting: its own, else the pod's. */
const effective = (c: Container, o: K8sObject, field: string) =>
  c.securityContext?.[field] ?? podSpec(o).securityContext?.[field];

export const policies: Record<string, Policy> = {
  'every long-running container has readiness and liveness probes': (objects) =>
    eachContainer(objects, LONG_RUNNING_KINDS, false, (c) =>
      ['readinessProbe', 'livenessProbe'].filter((probe) => !c[probe]).map((probe) => `no ${probe}`),
    ),

  'every container has cpu and memory requests and limits': (objects) =>
    eachContainer(objects, WORKLOAD_KINDS, true, (c) =>
      ['requests', 'limits'].flatMap((kind) =>
        ['cpu', 'memory'].filter((r) => !c.resources?.[kind]?.[r]).map((r) => `no ${kind}.${r}`),
      ),
    ),

  'every container runs as a non-root user': (objects) =>
    eachContainer(objects, WORKLOAD_KINDS, true, (c, o) => {
      const problems: string[] = [];
      if (effective(c, o, 'runAsNonRoot') !== true) problems.push('runAsNonRoot is not true');
      const uid = effective(c, o, 'runAsUser');
      // An image's named USER cannot be checked by the kubelet against runAsNonRoot: name a uid.
      if (!Number.isInteger(uid) || uid === 0) problems.push(`runAsUser ${uid} is not a non-zero uid`);
      return problems;
    }),

  'every container is locked down: read-only root, no escalation, no capabilities, seccomp': (objects) =>
    eachContainer(objects, WORKLOAD_KINDS, true, (c, o) => {
      const problems: string[] = [];
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push('root filesystem is writable');
      if (c.securityContext?.allowPrivilegeEscalation !== false)
        problems.push('privilege escalation allowed');
      if (!(c.securityContext?.capabilities?.drop ?? []).includes('ALL'))
        problems.push('capabilities not dropped');
      if (c.securityContext?.privileged === true) problems.push('privileged');
      if (effective(c, o, 'seccompProfile')?.type !== 'RuntimeDefault')
        problems.push('seccomp is not RuntimeDefault');
      return problems;
    }),

  "every workload's selector matches its own pods, and every Service's some pods": (objects) => [
    ...workloads(objects, LONG_RUNNING_KINDS)
      .filter((o) => !selects(o.spec?.selector, podLabels(o)))
      .map((o) => `${nameOf(o)}: spec.selector does not match its pod template`),
    ...objects
      .filter((o) => o.kind === 'Service' && o.spec?.selector)
      .filter(
        (svc) =>
          !workloads(objects).some((o) => selects({ matchLabels: svc.spec.selector }, runtimeLabels(o))),
      )
      .map((svc) => `${nameOf(svc)}: selects no pods`),
  ],

  'every Deployment and StatefulSet has a PodDisruptionBudget': (objects) => {
    const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    return workloads(objects, LONG_RUNNING_KINDS)
      .filter((o) => !budgets.some((pdb) => selects(pdb.spec?.selector, podLabels(o))))
      .map((o) => `${nameOf(o)}: no PodDisruptionBudget selects its pods`);
  },

  'every replicated workload spreads its pods across nodes': (objects) =>
    workloads(objects, LONG_RUNNING_KINDS)
      .filter((o) => (o.spec?.replicas ?? 1) > 1)
      .filter(
        (o) =>
          !(podSpec(o).topologySpreadConstraints ?? []).some(
            (t: {
              topologyKey: string;
              whenUnsatisfiable: string;
              labelSelector?: { matchLabels?: Record<string, string> };
            }) =>
              t.topologyKey === 'kubernetes.io/hostname' &&
              t.whenUnsatisfiable === 'DoNotSchedule' &&
              selects(t.labelSelector, podLabels(o)),
          ),
      )
      .map((o) => `${nameOf(o)}: no hard topology spread over kubernetes.io/hostname`),

  'the namespace denies by default and every pod has a NetworkPolicy of its own': (objects) => {
    const netpols = objects.filter((o) => o.kind === 'NetworkPolicy');
    const denyAll = netpols.some(
      (n) =>
        isEmptySelector(n.spec?.podSelector) &&
        ['Ingress', 'Egress'].every((t) => (n.spec?.policyTypes ?? []).includes(t)) &&
        !n.spec?.ingress?.length &&
        !n.spec?.egress?.length,
    );
    const own = netpols.filter((n) => !isEmptySelector(n.spec?.podSelector));
    return [
      ...(denyAll ? [] : ['no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)']),
      ...workloads(objects)
        .filter((o) => !own.some((n) => selects(n.spec.podSelector, podLabels(o))))
        .map((o) => `${nameOf(o)}: no NetworkPolicy selects its pods`),
    ];
  },

  'no Secret carries data in the manifests': (objects) =>
    objects
      .filter(
        (o) =>
          o.kind === 'Secret' && (Object.keys(o.data ?? {}).length || Object.keys(o.stringData ?? {}).length),
      )
      .map((o) => `${nameOf(o)}: carries data; reference a Secret created outside the repository instead`),

  'every image is pinned to a tag or digest other than latest': (objects) =>
    eachContainer(objects, WORKLOAD_KINDS, true, (c) => {
      const image = c.image ?? '';
      if (image.includes('@sha256:')) return [];
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      return tag && tag !== 'latest' ? [] : [`image ${image || '(none)'} has no tag or is latest`];
    }),

  'autoscaled Deployments keep at least 2 replicas': (objects) =>
    objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .flatMap((hpa) => {
        const target = objects.find(
          (o) =>
            o.kind === hpa.spec?.scaleTargetRef?.kind && o.metadata.name === hpa.spec?.scaleTargetRef?.name,
        );
        if (!target) return [`${nameOf(hpa)}: targets no rendered ${hpa.spec?.scaleTargetRef?.kind}`];
        const min = Math.min(hpa.spec?.minReplicas ?? 1, target.spec?.replicas ?? 1);
        return min >= 2 ? [] : [`${nameOf(hpa)}: ${nameOf(target)} may run ${min} replica`];
      }),

  'autoscaled services drain before they are killed, within the grace period': (objects) => {
    // The services' own drain and close bounds (libs/config HttpEnv defaults, SHUTDOWN_*_MS).
    const { SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS } = new HttpEnv();
    const scaled = objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((h) => h.spec?.scaleTargetRef?.name);
    return workloads(objects, ['Deployment'])
      .filter((o) => scaled.includes(o.metadata.name))
      .flatMap((o) =>
        containersOf(o, false).flatMap((c) => {
          const sleep = c.lifecycle?.preStop?.exec?.command;
          const seconds = sleep?.[0] === 'sleep' ? Number(sleep[1]) : NaN;
          if (!(seconds > 0)) return [`${nameOf(o)} container ${c.name}: no preStop sleep`];
          const needed = seconds + (SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS) / 1000;
          const grace = podSpec(o).terminationGracePeriodSeconds ?? 30;
          return grace > needed
            ? []
            : [`${nameOf(o)}: grace ${grace} s ≤ preStop + drain + close ${needed} s`];
        }),
      );
  },
};
