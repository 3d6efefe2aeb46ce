import type { ResourceType } from '../resource-type.ts';
import { ageColumn, at, column, fieldColumn, nameColumn, text } from './columns.ts';
import { arr, bool, conditions, int, keyedList, obj, oneOf, openObj, quantity, quantityMap, str, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

const group = 'vmoperator.vmware.com';
/** v1alpha3 is preferred; every version accepts the same shape. */
const versions = ['v1alpha3', 'v1alpha2', 'v1alpha4', 'v1alpha5', 'v1alpha6'];
const powerModes = ['Hard', 'Soft', 'TrySoft'];

const objectRef = (description: string): ReturnType<typeof obj> =>
  obj(description, { apiVersion: str('API version of the referent.'), kind: str('Kind of the referent.'), name: str('Name of the referent.') });

const interfaceSpec = openObj('A network interface of the VM.', {
  name: str('Name of the interface inside the guest, e.g. eth0.'),
  network: openObj('The network the interface is attached to.', {
    apiVersion: str('API version of the network object.'),
    kind: str('Kind of the network object (Network, VirtualNetwork, SubnetSet).'),
    name: str('Name of the network; the namespace default network when omitted.'),
  }),
  addresses: strs('Static IP addresses with prefix length, e.g. 192.168.1.10/24.'),
  dhcp4: bool('Use DHCP for IPv4.'),
  dhcp6: bool('Use DHCP for IPv6.'),
  gateway4: str('IPv4 default gateway.'),
  gateway6: str('IPv6 default gateway.'),
  macAddr: str('Static MAC address.'),
  mtu: { type: 'integer', format: 'int64', description: 'Maximum transmission unit.' },
  nameservers: strs('DNS servers for this interface.'),
  searchDomains: strs('DNS search domains for this interface.'),
  routes: arr('Static routes.', openObj('A static route.', { to: str('Destination CIDR.'), via: str('Gateway.'), metric: int('Route metric.') })),
});

const vmSpec = openObj('VirtualMachineSpec defines the desired state of a VirtualMachine.', {
  className: str('Name of the VirtualMachineClass that describes the virtual hardware of the VM.'),
  imageName: str('Name of the VirtualMachineImage or ClusterVirtualMachineImage the VM is deployed from.'),
  image: obj('Reference to the image the VM is deployed from (takes precedence over imageName).', {
    kind: oneOf('Kind of the image.', ['VirtualMachineImage', 'ClusterVirtualMachineImage']),
    name: str('Name of the image.'),
  }),
  storageClass: str('Name of the StorageClass (storage policy) for the VM and its disks.'),
  powerState: oneOf('The desired power state of the VM.', ['PoweredOn', 'PoweredOff', 'Suspended']),
  powerOffMode: oneOf('How the VM is powered off: Hard (power off), Soft (guest shutdown) or TrySoft.', powerModes),
  suspendMode: oneOf('How the VM is suspended: Hard, Soft (guest standby) or TrySoft.', powerModes),
  restartMode: oneOf('How the VM is restarted: Hard (reset), Soft (guest reboot) or TrySoft.', powerModes),
  nextRestartTime: str('Set to "now" to restart the VM; the server records the time.'),
  network: openObj('Network configuration of the VM.', {
    hostName: str('Host name of the guest.'),
    domainName: str('Domain name of the guest.'),
    disabled: bool('Do not connect the VM to any network.'),
    nameservers: strs('DNS servers of the guest.'),
    searchDomains: strs('DNS search domains of the guest.'),
    interfaces: keyedList('Network interfaces of the VM.', 'name', interfaceSpec),
  }),
  volumes: keyedList('Volumes attached to the VM.', 'name', openObj('A volume attached to the VM.', {
    name: str('Name of the volume, unique within the VM.'),
    persistentVolumeClaim: openObj('A PersistentVolumeClaim in the same namespace backing the volume.', {
      claimName: str('Name of the PersistentVolumeClaim.'),
      readOnly: bool('Attach read-only.'),
    }),
  })),
  bootstrap: openObj('Guest customization, kept as given: cloudInit, linuxPrep, sysprep or vAppConfig.', {
    cloudInit: openObj('Cloud-init configuration (cloudConfig, rawCloudConfig, sshAuthorizedKeys).'),
    linuxPrep: openObj('Linux guest customization.'),
    sysprep: openObj('Windows sysprep customization.'),
    vAppConfig: openObj('vApp properties passed to the guest.'),
  }),
  crypto: obj('Encryption settings of the VM.', {
    encryptionClassName: str('Name of the EncryptionClass that provides the key.'),
    useDefaultKeyProvider: bool('Use the default key provider when no class is named.'),
  }),
  currentSnapshotName: str('Name of the VirtualMachineSnapshot the VM should be reverted to.'),
  affinity: openObj('Placement constraints of the VM (vmAffinity, vmAntiAffinity).'),
  readinessProbe: openObj('How the readiness of the VM is determined (tcpSocket, guestHeartbeat, guestInfo).'),
  advanced: openObj('Advanced options (bootDiskCapacity, defaultVolumeProvisioningMode, changeBlockTracking).'),
  reserved: openObj('Fields reserved for the infrastructure administrator.'),
  minHardwareVersion: int('Minimum virtual hardware version of the VM.'),
  biosUUID: str('BIOS UUID of the VM.'),
  instanceUUID: str('Instance UUID of the VM.'),
  guestID: str('Guest operating system identifier.'),
  cdrom: arr('CD-ROM devices of the VM.', openObj('A CD-ROM device.')),
  groupName: str('Name of the VirtualMachineGroup the VM belongs to.'),
});

const vmStatus = openObj('VirtualMachineStatus defines the observed state of a VirtualMachine.', {
  powerState: oneOf('The observed power state of the VM.', ['PoweredOn', 'PoweredOff', 'Suspended']),
  conditions: conditions('Conditions: VirtualMachineClassReady, VirtualMachineImageReady, VirtualMachineStorageReady, VirtualMachineNetworkReady, PlacementReady, VirtualMachineCreated.'),
  nodeName: str('Name of the host (node) the VM runs on.'),
  zone: str('The zone the VM was placed in.'),
  network: openObj('Observed network state of the VM.', {
    primaryIP4: str('The primary IPv4 address of the VM.'),
    primaryIP6: str('The primary IPv6 address of the VM.'),
    interfaces: arr('Observed network interfaces.', openObj('An observed network interface.', {
      name: str('Name of the interface.'),
      ip: openObj('IP configuration of the interface (addresses, dhcp, macAddr).'),
    })),
  }),
  uniqueID: str('The hypervisor identifier of the VM (its managed object ID).'),
  biosUUID: str('BIOS UUID of the VM.'),
  instanceUUID: str('Instance UUID of the VM.'),
  hardwareVersion: int('Virtual hardware version of the VM.'),
  class: objectRef('The VirtualMachineClass the VM was deployed with.'),
  image: objectRef('The image the VM was deployed from.'),
  volumes: arr('Observed volumes attached to the VM.', openObj('An attached volume.', {
    name: str('Name of the volume.'),
    attached: bool('Whether the volume is attached.'),
    diskUUID: str('UUID of the virtual disk.'),
    limit: quantity('Capacity of the volume.'),
    error: str('Last attachment error.'),
  })),
  crypto: openObj('Observed encryption state of the VM.'),
  currentSnapshot: objectRef('The snapshot the VM currently runs from.'),
  lastRestartTime: str('When the VM was last restarted.', { format: 'date-time' }),
});

const vmType: ResourceType = {
  group,
  versions,
  kind: 'VirtualMachine',
  listKind: 'VirtualMachineList',
  plural: 'virtualmachines',
  singular: 'virtualmachine',
  shortNames: ['vm'],
  categories: ['all'],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'VirtualMachine is the schema for the virtualmachines API: a VM placed on a host of the fleet.',
  printerColumns: [
    nameColumn(),
    fieldColumn('Power-State', 'The observed power state of the VM.', ['status', 'powerState']),
    fieldColumn('Class', 'The VirtualMachineClass of the VM.', ['spec', 'className']),
    column('Image', 'The image the VM is deployed from.', (vm) => text(at(vm, 'spec', 'imageName')) ?? text(at(vm, 'spec', 'image', 'name'))),
    fieldColumn('Primary-IP4', 'The primary IPv4 address of the VM.', ['status', 'network', 'primaryIP4']),
    ageColumn(),
  ],
  specSchema: vmSpec,
  statusSchema: vmStatus,
};

const vmClassType: ResourceType = {
  group,
  versions,
  kind: 'VirtualMachineClass',
  listKind: 'VirtualMachineClassList',
  plural: 'virtualmachineclasses',
  singular: 'virtualmachineclass',
  shortNames: ['vmclass'],
  categories: [],
  namespaced: true,
  verbs: allVerbs,
  subresources: [],
  description: 'VirtualMachineClass describes the virtual hardware and resource policy of VMs; an admin makes classes available to a namespace.',
  printerColumns: [
    nameColumn(),
    fieldColumn('CPU', 'Number of virtual CPUs.', ['spec', 'hardware', 'cpus'], { type: 'integer' }),
    fieldColumn('Memory', 'Memory of the VM.', ['spec', 'hardware', 'memory']),
    ageColumn(),
  ],
  specSchema: openObj('VirtualMachineClassSpec defines the desired state of a VirtualMachineClass.', {
    hardware: openObj('Virtual hardware of VMs of this class.', {
      cpus: { type: 'integer', format: 'int64', description: 'Number of virtual CPUs.' },
      memory: quantity('Memory, e.g. 4Gi.'),
      devices: openObj('Virtual devices (vGPUDevices, dynamicDirectPathIODevices).'),
      instanceStorage: openObj('Instance storage (storageClass, volumes[]).'),
    }),
    policies: obj('Resource policies of VMs of this class.', {
      resources: obj('CPU and memory reservations and limits.', {
        requests: quantityMap('Reservations: cpu (e.g. 1000m) and memory.'),
        limits: quantityMap('Limits: cpu and memory.'),
      }),
    }),
    description: str('A description of the class.'),
    controllerName: str('Name of the controller responsible for VMs of this class.'),
    configSpec: openObj('A vSphere VirtualMachineConfigSpec used as the basis of VMs of this class.'),
    reservedProfileID: str('Reserved profile of the class.'),
    reservedSlots: int('Number of reserved slots.'),
  }),
  statusSchema: openObj('VirtualMachineClassStatus defines the observed state of a VirtualMachineClass.', {
    ready: bool('Whether the class is ready to be used.'),
    capabilities: strs('Capabilities of the class.'),
    conditions: conditions(),
  }),
};

const imageStatus = openObj('The observed state of the image.', {
  name: str('The display name of the image.'),
  type: str('The type of the image (OVF, ISO).'),
  firmware: str('The firmware type of the image (bios, efi).'),
  hardwareVersion: int('Virtual hardware version of the image.'),
  osInfo: openObj('The guest operating system of the image.', {
    id: str('Guest OS identifier.'),
    type: str('Guest OS type, e.g. linux.'),
    version: str('Guest OS version.'),
  }),
  productInfo: openObj('Product information of the image.', {
    product: str('Product name.'),
    vendor: str('Vendor.'),
    version: str('Short version.'),
    fullVersion: str('Long version.'),
  }),
  disks: arr('Disks of the image.', openObj('A disk of the image.', { capacity: quantity('Capacity of the disk.'), size: quantity('Size of the disk.') })),
  capabilities: strs('Capabilities of the image.'),
  providerContentVersion: str('Content version of the provider item.'),
  conditions: conditions(),
});

const imageSpec = openObj('VirtualMachineImageSpec defines the desired state of an image.', {
  providerRef: objectRef('The content library item the image is published from.'),
});

const imageColumns = [
  nameColumn(),
  fieldColumn('Image-Name', 'The display name of the image.', ['status', 'name']),
  fieldColumn('Version', 'The product version of the image.', ['status', 'productInfo', 'version']),
  fieldColumn('OS-Type', 'The guest OS type of the image.', ['status', 'osInfo', 'type']),
  ageColumn(),
];

const vmImageType: ResourceType = {
  group,
  versions,
  kind: 'VirtualMachineImage',
  listKind: 'VirtualMachineImageList',
  plural: 'virtualmachineimages',
  singular: 'virtualmachineimage',
  shortNames: ['vmi'],
  categories: [],
  namespaced: true,
  verbs: allVerbs,
  subresources: [],
  description: 'VirtualMachineImage is an image available to VMs of one namespace.',
  printerColumns: imageColumns,
  specSchema: imageSpec,
  statusSchema: imageStatus,
};

const clusterVmImageType: ResourceType = {
  ...vmImageType,
  kind: 'ClusterVirtualMachineImage',
  listKind: 'ClusterVirtualMachineImageList',
  plural: 'clustervirtualmachineimages',
  singular: 'clustervirtualmachineimage',
  shortNames: ['cvmi'],
  namespaced: false,
  description: 'ClusterVirtualMachineImage is an image available to VMs of every namespace.',
};

export const vmoperatorTypes: ResourceType[] = [vmType, vmClassType, vmImageType, clusterVmImageType];
