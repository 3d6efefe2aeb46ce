/** Runs `action`; if it fails, runs `undo` (best effort) and rethrows the original failure. */
export const compensated = async <T>(action: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> => {
  try {
    return await action();
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
};

/** The context for commands that follow the one the caller asked for: the caller's revision applied to that one only. */
export const followUp = ({ expectedRevision: _revision, ...context }: import('../commands/command-handler.ts').CommandContext): import('../commands/command-handler.ts').CommandContext => context;

/** Whatever deletes the contents of a namespace when the namespace goes. */
export interface NamespaceContents {
  deleteAllIn(namespace: string, context: import('../commands/command-handler.ts').CommandContext): Promise<void>;
  /** Whether objects of its kinds are still in the namespace (finalizers hold them after a delete). */
  holdsAnyIn(namespace: string): boolean;
}
