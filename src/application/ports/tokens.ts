/** Dependency-injection tokens: one place for every port and service bound by the composition root. */
export const TOKENS = {
  EventStore: Symbol.for('pacific.EventStore'),
  Clock: Symbol.for('pacific.Clock'),
  Hypervisor: Symbol.for('pacific.Hypervisor'),
  CommandHandler: Symbol.for('pacific.CommandHandler'),
  InventoryProjector: Symbol.for('pacific.InventoryProjector'),
  Config: Symbol.for('pacific.Config'),
  FleetBootstrapper: Symbol.for('pacific.FleetBootstrapper'),
  Pacific: Symbol.for('pacific.Pacific'),
  NamespaceService: Symbol.for('pacific.NamespaceService'),
  WorkloadService: Symbol.for('pacific.WorkloadService'),
  VirtualMachineService: Symbol.for('pacific.VirtualMachineService'),
  CatalogService: Symbol.for('pacific.CatalogService'),
} as const;
