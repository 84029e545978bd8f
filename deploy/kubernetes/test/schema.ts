import { type K8sObject } from './manifests.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;
type Models = Record<string, unknown>;

// One import per apiVersion, kept: Jest's ESM loader fails concurrent imports of one module.
const loaded = new Map<string, Promise<Models | undefined>>();
function modelsOf(apiVersion: string): Promise<Models | undefined> {
  if (!loaded.has(apiVersion))
    loaded.set(
      apiVersion,
      import(`kubernetes-models/${apiVersion}`).then(
        (m: Models) => m,
        () => undefined,
      ),
    );
  return loaded.get(apiVersion)!;
}

/**
 * The Kubernetes OpenAPI schema of the object's apiVersion and kind, compiled into kubernetes-models
 * (no download at test time). Returns the schema's complaints, or that the kind is unknown.
 */
export async function schemaErrors(object: K8sObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  const models = await modelsOf(object.apiVersion);
  if (!models) return [`${where}: unknown apiVersion ${object.apiVersion}`];
  const Model = models[object.kind] as ModelClass | undefined;
  if (typeof Model !== 'function') return [`${where}: no kind ${object.kind} in ${object.apiVersion}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
