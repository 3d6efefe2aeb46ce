import { KINDS, type Kind } from '../lib/kinds.ts';
import { hostOf, ipOf, isEncrypted, stateOf, type KubeObject } from '../lib/objects.ts';
import { hrefs } from '../lib/routes.ts';
import { Badge, Link, StateBadge, Table } from './ui.tsx';

const NameCell = ({ kind, object }: { kind: Kind; object: KubeObject }) => (
  <td>
    <Link href={hrefs.object(kind, object.metadata.namespace, object.metadata.name)}>{object.metadata.name}</Link>
  </td>
);

const Encryption = ({ object }: { object: KubeObject }) => (isEncrypted(object) ? <Badge tone="good">Encrypted</Badge> : <Badge>Not encrypted</Badge>);

export const VirtualMachineTable = ({ namespace, vms }: { namespace: string; vms: KubeObject[] }) => (
  <Table caption={`Virtual machines of ${namespace}`} head={['VM', 'Power', 'Class', 'Host', 'IP', 'Encryption']} empty={vms.length === 0 && 'No virtual machines.'}>
    {vms.map((vm) => (
      <tr key={vm.metadata.name} data-kind="VirtualMachine" data-name={vm.metadata.name}>
        <NameCell kind={KINDS.VirtualMachine} object={vm} />
        <td>
          <StateBadge state={stateOf(vm)} />
        </td>
        <td>{String(vm.spec?.className ?? '')}</td>
        <td>{hostOf(vm) ?? '–'}</td>
        <td>{ipOf(vm) ?? '–'}</td>
        <td>
          <Encryption object={vm} />
        </td>
      </tr>
    ))}
  </Table>
);

export const PodTable = ({ namespace, pods }: { namespace: string; pods: KubeObject[] }) => (
  <Table caption={`Pods of ${namespace}`} head={['Pod', 'Phase', 'Host', 'IP', 'Encryption']} empty={pods.length === 0 && 'No pods.'}>
    {pods.map((pod) => (
      <tr key={pod.metadata.name} data-kind="Pod" data-name={pod.metadata.name}>
        <NameCell kind={KINDS.Pod} object={pod} />
        <td>
          <StateBadge state={stateOf(pod)} />
        </td>
        <td>{hostOf(pod) ?? '–'}</td>
        <td>{ipOf(pod) ?? '–'}</td>
        <td>
          <Encryption object={pod} />
        </td>
      </tr>
    ))}
  </Table>
);

export const GuestClusterTable = ({ namespace, clusters }: { namespace: string; clusters: KubeObject[] }) => (
  <Table caption={`Guest clusters of ${namespace}`} head={['Guest cluster', 'Phase', 'Version', 'Control plane', 'Workers']} empty={clusters.length === 0 && 'No guest clusters.'}>
    {clusters.map((tkc) => {
      const topology = tkc.spec?.topology ?? {};
      const workers = Array.isArray(topology.nodePools) ? topology.nodePools.reduce((n: number, p: { replicas?: number }) => n + (p.replicas ?? 0), 0) : 0;
      return (
        <tr key={tkc.metadata.name} data-kind="TanzuKubernetesCluster" data-name={tkc.metadata.name}>
          <NameCell kind={KINDS.TanzuKubernetesCluster} object={tkc} />
          <td>
            <StateBadge state={stateOf(tkc)} />
          </td>
          <td>{String(tkc.status?.version ?? topology.controlPlane?.tkr?.reference?.name ?? '–')}</td>
          <td>{String(topology.controlPlane?.replicas ?? '–')}</td>
          <td>{workers}</td>
        </tr>
      );
    })}
  </Table>
);
