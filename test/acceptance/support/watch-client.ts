/** A watch opened over HTTP whose events are collected as they arrive, until stopped. */
export interface OpenWatch<Event> {
  events: Event[];
  /** The first event (arrived or arriving within 5 s) that satisfies `predicate`. */
  until(predicate: (event: Event) => boolean): Promise<Event>;
  stop(): Promise<void>;
}

export const openWatch = async <Event = { type: string; object: any }>(baseUrl: string, path: string): Promise<OpenWatch<Event>> => {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const events: Event[] = [];
  let buffered = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += Buffer.from(value).toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as Event);
    }
  })().catch(() => undefined);
  return {
    events,
    until: async (predicate) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such watch event; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      controller.abort();
      await pump;
    },
  };
};
