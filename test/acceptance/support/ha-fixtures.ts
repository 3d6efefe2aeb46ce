import type { HttpPacific } from './http-pacific.ts';

export const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export const pod = (name: string, cpu = '100m', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu, memory: '64Mi' } } }], ...extra },
});

export const vmClass = (cpus = 2) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachineClass',
  metadata: { name: 'small' },
  spec: { hardware: { cpus, memory: '4Gi' } },
});

export const vm = (name: string) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name },
  spec: { className: 'small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn' },
});

export const policy = (haRestartPriority: 'High' | 'Medium' | 'Low') => ({
  apiVersion: 'pacific.io/v1alpha1',
  kind: 'NamespacePolicy',
  metadata: { name: 'policy' },
  spec: { haRestartPriority },
});

export const podsPath = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
export const vmsPath = (ns: string) => `/apis/vmoperator.vmware.com/v1alpha3/namespaces/${ns}/virtualmachines`;

export const expectCreated = async (p: HttpPacific, path: string, body: unknown): Promise<any> => {
  const response = await p.request('POST', path, body);
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

export const setCordoned = async (p: HttpPacific, node: string, unschedulable: boolean): Promise<void> => {
  const response = await p.request('PATCH', `/api/v1/nodes/${node}`, { spec: { unschedulable } }, { 'content-type': 'application/merge-patch+json' });
  if (response.status !== 200) throw new Error(`cordon ${node}: ${response.status} ${JSON.stringify(response.body)}`);
};

export const readyOf = (node: any): string | undefined => node.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status;

export const allRunning = (list: any, count: number, notOn?: string): boolean =>
  list.items?.length === count && list.items.every((item: any) => item.status?.phase === 'Running' && (!notOn || item.spec?.nodeName !== notOn));
