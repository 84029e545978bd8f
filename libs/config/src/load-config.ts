import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';

import { ConfigError } from './config.error.js';
import { isPlaceholderSecret, isProduction } from './placeholder-secret.js';

export type EnvSections = Record<string, new () => object>;
export type LoadedConfig<S extends EnvSections> = { [K in keyof S]: InstanceType<S[K]> };

/**
 * Builds every env class in `sections` from `env` and validates them together, so one start-up
 * reports every bad or missing variable at once. Only declared keys are read (other variables are
 * ignored) and an empty string counts as unset, so `FOO=` falls back to the default. With
 * NODE_ENV=production a declared variable holding an example placeholder (`change-me-*`, an
 * all-zero key) is refused too: a deployment must not run on secrets anyone can read in the repo.
 */
export function loadConfig<S extends EnvSections>(
  sections: S,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig<S> {
  const reasons = new Map<string, Set<string>>();
  const loaded: Record<string, object> = {};

  for (const [name, envClass] of Object.entries(sections)) {
    const declared = pickDeclared(envClass, env);
    if (isProduction(env)) {
      for (const [key, value] of Object.entries(declared))
        if (isPlaceholderSecret(value)) reasons.set(key, new Set(['placeholderSecret']));
    }
    const instance = plainToInstance(envClass, declared, {
      enableImplicitConversion: true,
      exposeDefaultValues: true,
    });
    // value/target off: class-validator must not carry the (possibly secret) value around.
    const errors = validateSync(instance, { validationError: { target: false, value: false } });
    for (const { property, constraints } of flatten(errors)) {
      const set = reasons.get(property) ?? new Set<string>();
      for (const constraint of Object.keys(constraints ?? {})) set.add(constraint);
      reasons.set(property, set);
    }
    loaded[name] = instance;
  }

  if (reasons.size > 0) {
    const keys = [...reasons.keys()];
    throw new ConfigError(keys, Object.fromEntries(keys.map((key) => [key, [...(reasons.get(key) ?? [])]])));
  }
  return loaded as LoadedConfig<S>;
}

function pickDeclared(envClass: new () => object, env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of declaredKeys(envClass)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  return picked;
}

function declaredKeys(envClass: new () => object): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false);
  return new Set(metadata.map((m) => m.propertyName));
}

function flatten(errors: ValidationError[]): ValidationError[] {
  return errors.flatMap((error) => [error, ...flatten(error.children ?? [])]);
}
