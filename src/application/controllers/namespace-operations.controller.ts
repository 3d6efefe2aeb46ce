import { KeyedQueue } from './keyed-queue.ts';
import { isDomainError, type NamespaceOperationDeps, type OperationController } from './namespace-ops-context.ts';
import { NamespaceMigrationController } from './namespace-migration.controller.ts';
import { NamespacePolicyController } from './namespace-policy.controller.ts';
import { NamespaceRestoreController } from './namespace-restore.controller.ts';
import { NamespaceSnapshotController } from './namespace-snapshot.controller.ts';

export type { NamespaceOperationDeps } from './namespace-ops-context.ts';

export interface NamespaceOperationControllers {
  stop(): Promise<void>;
  /** Resolves when nothing is queued, running or waiting for a retry (tests). */
  idle(): Promise<void>;
}

/**
 * Starts the reconcilers of the namespace-wide operations (NamespacePolicy, NamespaceSnapshot,
 * NamespaceRestore, NamespaceMigration) on one keyed queue: keys are `Kind/namespace/name`, each
 * is reconciled by one worker at a time and retried with backoff when it fails.
 */
export const startNamespaceOperationControllers = (deps: NamespaceOperationDeps): NamespaceOperationControllers => {
  const controllers = new Map<string, OperationController>(
    [new NamespacePolicyController(deps), new NamespaceSnapshotController(deps), new NamespaceRestoreController(deps), new NamespaceMigrationController(deps)].map(
      (controller) => [controller.kind, controller],
    ),
  );
  const queue = new KeyedQueue(
    async (key) => {
      const [kind, namespace, name] = key.split('/') as [string, string, string];
      try {
        await controllers.get(kind)!.reconcile(namespace, name);
      } catch (error) {
        // The object or its namespace is gone: nothing left to do.
        if (!isDomainError(error, 'NotFound')) throw error;
      }
    },
    { concurrency: 16 },
  );
  const add = (controller: OperationController, keys: readonly string[]) => keys.forEach((key) => queue.add(`${controller.kind}/${key}`));
  const stopListening = deps.inventory.onChange((change) => {
    for (const controller of controllers.values()) add(controller, controller.keysFor(change));
  });
  for (const controller of controllers.values()) add(controller, controller.initialKeys());
  return {
    stop: async () => {
      stopListening();
      await queue.stop();
    },
    idle: () => queue.idle(),
  };
};
