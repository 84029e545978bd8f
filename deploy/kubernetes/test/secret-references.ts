import { type K8sObject } from './manifests.js';

export interface SecretReference {
  from: string;
  name: string;
  /** Absent where the whole Secret is used (envFrom, TLS). */
  key?: string;
}

/** Every Secret the objects name: envFrom, secretKeyRef, secret volumes, Ingress TLS. */
export function secretReferences(objects: K8sObject[]): SecretReference[] {
  const found: SecretReference[] = [];
  const walk = (node: unknown, from: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, from));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const ref = (v: unknown) => v as { name: string; key?: string };
    if (record.secretRef) found.push({ from, name: ref(record.secretRef).name });
    if (record.secretKeyRef) found.push({ from, ...ref(record.secretKeyRef) });
    if (typeof record.secretName === 'string') found.push({ from, name: record.secretName });
    Object.values(record).forEach((v) => walk(v, from));
  };
  objects.forEach((o) => walk(o.spec, `${o.kind}/${o.metadata.name}`));
  return found;
}
