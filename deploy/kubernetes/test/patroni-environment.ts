import { execFileSync } from 'node:child_process';

import { type K8sObject } from './manifests.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

/**
 * The environment the kubelet would give a pod's first container: its values with $(VAR) expanded,
 * `fieldRef`s from the given pod fields, and each envFrom Secret's keys with placeholder values.
 */
export function podEnvironment(
  workload: K8sObject,
  fields: Record<string, string>,
  secretKeys: Record<string, string[]>,
): Record<string, string> {
  const container = workload.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? [])
    for (const key of secretKeys[from.secretRef?.name] ?? []) env[key] = `placeholder-${key.toLowerCase()}`;
  for (const { name, value, valueFrom } of container.env as EnvVar[]) {
    const field = valueFrom?.fieldRef?.fieldPath;
    env[name] = field
      ? fields[field]
      : (value ?? '').replace(/\$\(([A-Z0-9_]+)\)/g, (_, ref: string) => env[ref] ?? '');
  }
  return env;
}

/** Patroni's own reading of its environment (Debian's patroni 3.0.2, as in the image). */
export function patroniEnvironmentConfig(env: Record<string, string>): Record<string, unknown> {
  const script =
    'import json; from patroni.config import Config; print(json.dumps(Config._build_environment_configuration()))';
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', ...env },
    }),
  ) as Record<string, unknown>;
}
