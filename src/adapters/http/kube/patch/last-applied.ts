import { isObject, type JsonObject } from './json-value.ts';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

const sortedJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * As the Kubernetes API server does: a server-side apply by the `kubectl` manager refreshes an
 * existing client-side apply annotation with the applied intent, so a later client-side apply
 * computes its three-way patch against what was really applied.
 */
export const syncLastApplied = (result: JsonObject, intent: JsonObject, manager: string): void => {
  const metadata = result.metadata;
  if (manager !== 'kubectl' || !isObject(metadata) || !isObject(metadata.annotations) || !Object.hasOwn(metadata.annotations, lastAppliedAnnotation)) return;
  const applied = structuredClone(intent);
  if (isObject(applied.metadata) && isObject(applied.metadata.annotations)) delete applied.metadata.annotations[lastAppliedAnnotation];
  metadata.annotations[lastAppliedAnnotation] = `${sortedJson(applied)}\n`;
};
