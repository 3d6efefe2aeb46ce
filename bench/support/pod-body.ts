/** The pod every HTTP create bench posts, named `name`. */
export const podBody = (name: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  });
