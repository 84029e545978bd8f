import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const KUBERNETES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OVERLAYS = ['local', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** One rendered object; the fields the checks read, the rest kept as it came. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML: the checks walk it
  [field: string]: any;
}

export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** What a user runs: `kubectl kustomize deploy/kubernetes/overlays/<overlay>` (kubectl from PATH). */
export function renderOverlay(overlay: Overlay): K8sObject[] {
  const dir = path.join(KUBERNETES_DIR, 'overlays', overlay);
  const out = execFileSync(process.env.KUBECTL ?? 'kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseObjects(out);
}

/** The Secrets deploy/kubernetes/create-secrets.sh prints (random values, never stored). */
export function generatedSecrets(): K8sObject[] {
  const out = execFileSync(path.join(KUBERNETES_DIR, 'create-secrets.sh'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseObjects(out);
}
