import { invalid } from './errors.ts';

/** Whether two string maps (labels, annotations) hold the same entries, whatever their order. */
export const sameRecord = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
};

export const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

/** Kubernetes metadata.finalizers: a set of non-empty names, kept in the order first given. */
export const finalizersOf = (finalizers: readonly string[]): string[] => {
  finalizers.forEach((finalizer, i) => {
    if (typeof finalizer !== 'string' || finalizer === '') {
      throw invalid(`metadata.finalizers[${i}]: Invalid value: must be a non-empty string`, [{ field: `metadata.finalizers[${i}]`, message: 'must be a non-empty string' }]);
    }
  });
  return [...new Set(finalizers)];
};

/** Once deletion started, finalizers may only be removed. */
export const assertNoFinalizerAdded = (deletionTimestamp: string | null, before: readonly string[], after: readonly string[]): void => {
  if (deletionTimestamp !== null && after.some((finalizer) => !before.includes(finalizer))) {
    throw invalid('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted', [
      { field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' },
    ]);
  }
};
