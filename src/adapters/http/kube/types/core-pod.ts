import type { KubeObject } from '../kube-object.ts';
import type { ResourceType } from '../resource-type.ts';
import { ageColumn, at, column, count, list, nameColumn, text } from './columns.ts';
import { arr, bool, conditions, date, int, keyedList, obj, oneOf, openObj, quantityMap, str, stringMap, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

const resources = obj('Compute resources required by this container.', {
  requests: quantityMap('Minimum amount of compute resources required (cpu, memory); the scheduler places the pod by these.'),
  limits: quantityMap('Maximum amount of compute resources allowed.'),
  claims: arr('Dynamically allocated resources (ResourceClaims) used by this container.', openObj('A ResourceClaim of the pod used by this container.')),
});

/** Container and PodSpec list every core/v1 field, so `fieldValidation=Strict` catches a misspelt one. */
const container = obj('A single application container to run within a pod.', {
  name: str('Name of the container (DNS label), unique within the pod.'),
  image: str('Container image name.'),
  imagePullPolicy: oneOf('When to pull the image.', ['Always', 'Never', 'IfNotPresent']),
  command: strs("Entrypoint array; the image's ENTRYPOINT is used if not provided."),
  args: strs("Arguments to the entrypoint; the image's CMD is used if not provided."),
  workingDir: str("Container's working directory."),
  env: keyedList('Environment variables to set in the container.', 'name', openObj('An environment variable.', {
    name: str('Name of the environment variable.'),
    value: str('Value of the environment variable.'),
    valueFrom: openObj('Source for the value (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef).'),
  })),
  envFrom: arr('Sources to populate environment variables from.', openObj('A ConfigMap or Secret to take variables from.')),
  ports: keyedList('Ports to expose from the container.', 'containerPort', openObj('A network port in a container.', {
    name: str('Name of the port (IANA_SVC_NAME).'),
    containerPort: int('Port number on the pod IP address.'),
    protocol: oneOf('Protocol for the port.', ['TCP', 'UDP', 'SCTP']),
    hostPort: int('Port number to expose on the host.'),
  })),
  resources,
  volumeMounts: keyedList('Pod volumes to mount into the container filesystem.', 'mountPath', openObj('A mounting of a volume within a container.', {
    name: str('Name of the pod volume to mount.'),
    mountPath: str('Path within the container at which the volume is mounted.'),
    readOnly: bool('Mounted read-only if true.'),
    subPath: str('Path within the volume to mount instead of its root.'),
  })),
  livenessProbe: openObj('Periodic probe of container liveness.'),
  readinessProbe: openObj('Periodic probe of container readiness.'),
  startupProbe: openObj('Probe that must succeed before the other probes start.'),
  lifecycle: openObj('Actions taken in response to container lifecycle events (postStart, preStop).'),
  securityContext: openObj('Security options the container should run with.'),
  resizePolicy: arr('How the container is resized.', openObj('A resource resize policy.')),
  restartPolicy: str('Restart policy of an init container (Always makes it a sidecar).'),
  volumeDevices: arr('Block devices used by the container.', openObj('A raw block device within a container.')),
  terminationMessagePath: str('File the termination message is written to.'),
  terminationMessagePolicy: oneOf('How the termination message is filled.', ['File', 'FallbackToLogsOnError']),
  stdin: bool('Allocate a buffer for stdin.'),
  stdinOnce: bool('Close stdin after the first attach.'),
  tty: bool('Allocate a TTY.'),
});

const volume = openObj('A named volume in a pod that may be accessed by any container in the pod.', {
  name: str('Name of the volume (DNS label), unique within the pod.'),
  persistentVolumeClaim: obj('A reference to a PersistentVolumeClaim in the same namespace.', {
    claimName: str('Name of the PersistentVolumeClaim.'),
    readOnly: bool('Mount read-only.'),
  }),
  emptyDir: openObj('A temporary directory that shares the pod lifetime.'),
  configMap: openObj('A ConfigMap that should populate this volume.'),
  secret: openObj('A Secret that should populate this volume.'),
});

const podSpec = obj('PodSpec is a description of a pod.', {
  containers: keyedList('List of containers belonging to the pod. There must be at least one.', 'name', container),
  initContainers: keyedList('Containers run in order before the app containers start.', 'name', container),
  volumes: keyedList('Volumes that can be mounted by containers of the pod.', 'name', volume),
  nodeName: str('The node (host) the pod is scheduled onto; set by the scheduler.'),
  nodeSelector: stringMap('Labels a node must carry for the pod to fit on it.'),
  restartPolicy: oneOf('Restart policy for all containers within the pod.', ['Always', 'OnFailure', 'Never']),
  affinity: openObj("The pod's scheduling constraints (nodeAffinity, podAffinity, podAntiAffinity)."),
  tolerations: arr("The pod's tolerations.", openObj('Tolerates a taint matching key, value and effect.', {
    key: str('Taint key the toleration applies to.'),
    operator: oneOf('Relationship to the value.', ['Exists', 'Equal']),
    value: str('Taint value the toleration matches.'),
    effect: str('Taint effect to match (NoSchedule, PreferNoSchedule, NoExecute).'),
    tolerationSeconds: { type: 'integer', format: 'int64', description: 'How long a NoExecute taint is tolerated.' },
  })),
  serviceAccountName: str('Name of the ServiceAccount used to run this pod.'),
  terminationGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds the pod is given to terminate gracefully.' },
  priorityClassName: str('Priority class of the pod.'),
  hostname: str('Hostname of the pod.'),
  securityContext: openObj('Pod-level security attributes.'),
  imagePullSecrets: arr('Secrets used to pull images.', openObj('A reference to a Secret.', { name: str('Name of the Secret.') })),
  ephemeralContainers: arr('Ephemeral containers run for debugging.', openObj('A debugging container.')),
  activeDeadlineSeconds: { type: 'integer', format: 'int64', description: 'Seconds the pod may be active before it is failed.' },
  dnsPolicy: oneOf('DNS policy of the pod.', ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']),
  dnsConfig: openObj('DNS parameters of the pod (nameservers, searches, options).'),
  serviceAccount: str('Deprecated alias of serviceAccountName.'),
  automountServiceAccountToken: bool('Whether a service account token is mounted.'),
  hostNetwork: bool("Use the host's network namespace."),
  hostPID: bool("Use the host's PID namespace."),
  hostIPC: bool("Use the host's IPC namespace."),
  hostUsers: bool("Use the host's user namespace."),
  shareProcessNamespace: bool('Share one process namespace between the containers.'),
  subdomain: str('Subdomain of the pod (hostname.subdomain.namespace.svc).'),
  setHostnameAsFQDN: bool("Set the pod's hostname to its fully qualified domain name."),
  hostAliases: arr("Entries added to the pod's hosts file.", openObj('An IP address and its host names.')),
  schedulerName: str('Scheduler that places the pod.'),
  priority: int('Priority value of the pod.'),
  preemptionPolicy: oneOf('Whether the pod may preempt lower-priority pods.', ['Never', 'PreemptLowerPriority']),
  runtimeClassName: str('RuntimeClass the pod runs with.'),
  enableServiceLinks: bool("Inject services' information into environment variables."),
  readinessGates: arr('Extra conditions evaluated for pod readiness.', openObj('A pod condition type.')),
  topologySpreadConstraints: arr('How the pod spreads across topology domains.', openObj('A topology spread constraint.')),
  overhead: quantityMap('Resource overhead of running the pod.'),
  os: openObj('Operating system of the containers (name: linux or windows).'),
  schedulingGates: arr('Gates that hold the pod back from scheduling.', openObj('A scheduling gate.')),
  resourceClaims: arr('ResourceClaims the pod needs.', openObj('A ResourceClaim reference.')),
  resources: openObj('Pod-level compute resources (requests, limits).'),
});

const containerStatus = openObj('The current status of one container.', {
  name: str('Name of the container.'),
  image: str('Image the container is running.'),
  imageID: str('Image ID of the container.'),
  containerID: str('Container ID.'),
  ready: bool('Whether the container passes its readiness probe.'),
  started: bool('Whether the container has started.'),
  restartCount: int('Number of times the container has been restarted.'),
  state: openObj('Details about the current condition (waiting, running, terminated).'),
  lastState: openObj('Details about the last termination.'),
});

const podStatus = openObj('PodStatus is the most recently observed status of the pod.', {
  phase: oneOf('Lifecycle phase of the pod.', ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']),
  conditions: conditions('Current service state of the pod (PodScheduled, Initialized, ContainersReady, Ready).'),
  message: str('Why the pod is in this condition.'),
  reason: str('Brief CamelCase reason for the pod being in this state.'),
  hostIP: str('IP address of the host the pod is placed on.'),
  podIP: str('IP address allocated to the pod.'),
  podIPs: arr('IP addresses allocated to the pod.', obj('An IP address.', { ip: str('The IP address.') })),
  startTime: date('When the pod was acknowledged by the host.'),
  qosClass: oneOf('Quality of Service class of the pod.', ['Guaranteed', 'Burstable', 'BestEffort']),
  containerStatuses: arr('Status of each container in the pod.', containerStatus),
  initContainerStatuses: arr('Status of each init container.', containerStatus),
});

/** kubectl's STATUS column: the phase, overridden by a container's waiting/terminated reason or deletion. */
const podStatusCell = (pod: KubeObject): string => {
  let reason = text(at(pod, 'status', 'reason')) ?? text(at(pod, 'status', 'phase')) ?? 'Unknown';
  for (const cs of list(at(pod, 'status', 'containerStatuses'))) {
    const waiting = text(at(cs, 'state', 'waiting', 'reason'));
    const terminated = text(at(cs, 'state', 'terminated', 'reason'));
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated;
  }
  return pod.metadata?.deletionTimestamp ? 'Terminating' : reason;
};

const readyCell = (pod: KubeObject): string => {
  const statuses = list(at(pod, 'status', 'containerStatuses'));
  const total = list(at(pod, 'spec', 'containers')).length || statuses.length;
  const ready = statuses.filter((cs) => at(cs, 'ready') === true).length;
  return `${ready}/${total}`;
};

export const podType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'Pod',
  listKind: 'PodList',
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  categories: ['all'],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status', 'eviction', 'log'],
  description: 'Pod is a collection of containers; on Pacific each pod runs as a pod VM on a host of the fleet.',
  printerColumns: [
    nameColumn(),
    column('Ready', 'The number of ready containers out of all containers of the pod.', readyCell),
    column('Status', 'The aggregate status of the containers in this pod.', podStatusCell),
    column('Restarts', 'The number of times the containers in this pod have been restarted.', (pod) =>
      list(at(pod, 'status', 'containerStatuses')).reduce<number>((sum, cs) => sum + count(at(cs, 'restartCount')), 0), { type: 'integer' }),
    ageColumn(),
    column('IP', 'IP address allocated to the pod.', (pod) => text(at(pod, 'status', 'podIP')) || text(at(pod, 'status', 'podIPs', 0, 'ip')) || '<none>', { priority: 1 }),
    column('Node', 'Name of the node (host) the pod runs on.', (pod) => text(at(pod, 'spec', 'nodeName')) || '<none>', { priority: 1 }),
  ],
  specSchema: podSpec,
  statusSchema: podStatus,
};
