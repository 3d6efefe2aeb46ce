import { randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { CommandContext } from '../../../application/commands/command-handler.ts';
import type { InventoryObject } from '../../../application/inventory/inventory.ts';
import { toStatusError } from '../ops/errors.ts';
import { parseKubeDocument } from '../ops/body.ts';
import { isKubeProtobuf } from '../ops/protobuf-body.ts';
import { duplicateFields } from '../ops/yaml-body.ts';
import { parseApiPath, type ApiTarget } from './api-path.ts';
import type { KubeObject, ListMeta } from './kube-object.ts';
import type { KindMapper } from './mappers/kind-mapper.ts';
import { applyPatch, coreStrategicSchemas, recordUpdateManager } from './patch/index.ts';
import { apiVersionOf, resourceKey } from './resource-type.ts';
import { parseFieldSelector, parseLabelSelector, type ObjectPredicate } from './selectors.ts';
import { StatusError, successStatus } from './status.ts';
import { tableContentType, toTable, wantsTable } from './table.ts';
import { admitObject } from '../admission/admit-object.ts';
import { enforceFieldValidation, fieldValidationOf } from './validation/unknown-fields.ts';
import { fieldManagersId } from './field-managers-id.ts';
import { serveWatch, type WatchHub } from './watch/index.ts';
import type { Inventory } from '../../../application/inventory/inventory.ts';
import type { PodVMConsoles } from '../../../application/services/pod-vm-console.service.ts';
import type { ConsoleLine } from '../../../application/ports/hypervisor.port.ts';
import type { PodVMLive } from '../../../domain/podvm/index.ts';
import { requestUser } from '../auth/request-user.ts';

export interface ApiServerDependencies {
  inventory: Inventory;
  mappers: Map<string, KindMapper>;
  hub: WatchHub;
  /** Read-only kinds served from elsewhere (core/v1 Event). */
  readOnlySources?: Map<string, ReadOnlySource>;
  bookmarkIntervalMs?: number;
  /** What a request's lists and watches may show (authorization); everything when absent or undefined. */
  visibleTo?: (req: Request) => ObjectPredicate | undefined;
  /** Keeps an object's metadata.managedFields (server-side apply); without it they are not kept. */
  fieldManagers?: FieldManagerStore;
  /** Pod VM consoles for pods/log; without them pods/log is not found. */
  podConsoles?: Pick<PodVMConsoles, 'read'>;
  /** How often a followed pod log (`kubectl logs -f`) looks for new console lines (default 1 s). */
  logFollowIntervalMs?: number;
}

/** Where the managers of a write are recorded; mappers render them back as metadata.managedFields. */
export interface FieldManagerStore {
  record(id: string, uid: string, entries: unknown[], context: CommandContext): Promise<void>;
}

export interface ReadOnlySource {
  list(namespace: string | null, fieldSelector: string | undefined): Promise<KubeObject[]>;
}

const query = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
};

const truthy = (value: string | undefined): boolean => value === 'true' || value === '1';

/** The lines of a console after `last` (all of them when `last` is no longer among them). */
const linesAfter = (lines: readonly ConsoleLine[], last: ConsoleLine | undefined): readonly ConsoleLine[] => {
  if (!last) return lines;
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.at === last.at && lines[i]!.text === last.text) return lines.slice(i + 1);
  return lines;
};

/** Serves every kind of the registry: CRUD, list, watch, patch, status and tables. */
export class ApiServer {
  constructor(private readonly deps: ApiServerDependencies) {}

  handle = async (req: Request, res: Response): Promise<void> => {
    let target: ApiTarget | undefined;
    try {
      target = parseApiPath(req.baseUrl + req.path);
      await this.dispatch(target, req, res);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      const name = target?.name ?? createdNames.get(req);
      const status = toStatusError(error, { kind: target?.type.kind, resource: target?.type.plural, name, group: target?.type.group });
      res.status(status.code).json(status.toStatus());
    }
  };

  private async dispatch(target: ApiTarget, req: Request, res: Response): Promise<void> {
    const { type, name, subresource } = target;
    const readOnlySource = this.deps.readOnlySources?.get(type.kind);
    if (readOnlySource) {
      if (req.method !== 'GET') throw new StatusError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
      return this.listReadOnly(target, readOnlySource, req, res);
    }
    const mapper = this.deps.mappers.get(type.kind);
    if (!mapper) throw new StatusError('NotFound', 'the server could not find the requested resource');
    const isCollection = name === null;
    if (subresource === 'log') {
      if (req.method !== 'GET') throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return this.podLog(target, req, res);
    }
    // Subresources are written with their own verbs only: DELETE .../status must not delete the object.
    if ((subresource === 'eviction' && req.method !== 'POST') || (subresource !== null && req.method === 'DELETE')) {
      throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
    switch (req.method) {
      case 'GET':
        if (isCollection) return truthy(query(req, 'watch')) ? this.watch(target, mapper, req, res) : this.list(target, mapper, req, res);
        return this.get(target, mapper, req, res);
      case 'POST':
        if (!isCollection) {
          if (subresource === 'eviction') return this.evict(target, mapper, req, res);
          throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        }
        return this.create(target, mapper, req, res);
      case 'PUT':
        if (isCollection) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        return this.replace(target, mapper, req, res);
      case 'PATCH':
        if (isCollection) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        return this.patch(target, mapper, req, res);
      case 'DELETE':
        return isCollection ? this.deleteCollection(target, mapper, req, res) : this.delete(target, mapper, req, res);
      default:
        throw new StatusError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
  }

  private context(req: Request): CommandContext {
    const requestId = req.header('x-request-id') ?? randomUUID();
    return { actor: requestUser(req)?.name ?? 'admin', correlationId: requestId };
  }

  private render(target: ApiTarget, mapper: KindMapper, object: InventoryObject, state: unknown = object.state): KubeObject {
    const rendered = mapper.render(object, state);
    return target.version === target.type.versions[0] ? rendered : { ...rendered, apiVersion: apiVersionOf(target.type, target.version) };
  }

  /**
   * Keeps the field managers of a write: an apply's own entries, or for any other write the
   * writer recorded as the owner of what it changed (kube-apiserver's Update entries). Objects
   * no one ever applied to, written without a fieldManager, are not tracked: nothing could
   * conflict with them yet, and most writes (controllers, plain clients) are of that kind.
   */
  private async recordManagers(target: ApiTarget, mapper: KindMapper, req: Request, name: string, before: KubeObject | undefined, applied?: KubeObject): Promise<void> {
    const store = this.deps.fieldManagers;
    const named = query(req, 'fieldManager');
    const known = Array.isArray(before?.metadata.managedFields) && before.metadata.managedFields.length > 0;
    // Checked before any rendering: this is the path of every plain create.
    if (!store || (!applied && !known && !named)) return;
    const object = this.deps.inventory.get(mapper.aggregateKind, target.namespace, name);
    if (!object) return;
    const after = mapper.render(object, object.state);
    const uid = after.metadata.uid;
    if (!uid) return;
    let entries = applied?.metadata.managedFields as unknown[] | undefined;
    if (!applied) {
      const manager = named ?? (req.header('user-agent') ?? '').split('/')[0] ?? '';
      // `after` is rendered with the managers as they stood before this write: those are the ones to update.
      const recorded = recordUpdateManager(before, after, manager || 'unknown', 'Update', {
        now: new Date().toISOString(),
        strategic: coreStrategicSchemas[target.type.kind],
        ...(target.subresource === 'status' ? { subresource: 'status' as const } : {}),
      });
      entries = recorded.metadata.managedFields as unknown[] | undefined;
    }
    await store.record(fieldManagersId(target.type, target.namespace, name), uid, entries ?? [], this.context(req));
  }

  private current(target: ApiTarget, mapper: KindMapper): InventoryObject {
    const found = this.deps.inventory.get(mapper.aggregateKind, target.namespace, target.name!);
    if (!found) throw new StatusError('NotFound', `${target.type.plural}${target.type.group ? `.${target.type.group}` : ''} "${target.name}" not found`, { name: target.name!, group: target.type.group, kind: target.type.plural });
    return found;
  }

  private selector(req: Request): ObjectPredicate {
    const labels = parseLabelSelector(query(req, 'labelSelector'));
    const fields = parseFieldSelector(query(req, 'fieldSelector'));
    const visible = this.deps.visibleTo?.(req);
    return (object) => labels(object) && fields(object) && (visible === undefined || visible(object));
  }

  private currentObjects(target: ApiTarget, mapper: KindMapper, predicate: ObjectPredicate): KubeObject[] {
    return this.deps.inventory
      .list(mapper.aggregateKind, target.type.namespaced ? (target.namespace ?? undefined) : undefined)
      .map((object) => this.render(target, mapper, object))
      .filter(predicate);
  }

  private send(target: ApiTarget, req: Request, res: Response, status: number, object: KubeObject): void {
    const table = wantsTable(req.header('accept'));
    if (table.table) {
      res.status(status).type(tableContentType(table.version)).send(JSON.stringify(toTable(target.type, [object], { now: new Date(), includeObject: includeObjectOf(req), version: table.version })));
      return;
    }
    res.status(status).json(object);
  }

  private async list(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const all = this.currentObjects(target, mapper, this.selector(req));
    const listMeta: ListMeta = { resourceVersion: String(this.deps.inventory.checkpoint) };
    const { items, next, remaining } = paginate(all, query(req, 'limit'), query(req, 'continue'));
    if (next) {
      listMeta.continue = next;
      listMeta.remainingItemCount = remaining;
    }
    this.sendList(target, req, res, items, listMeta);
  }

  private sendList(target: ApiTarget, req: Request, res: Response, items: KubeObject[], listMeta: ListMeta): void {
    const table = wantsTable(req.header('accept'));
    if (table.table) {
      res.type(tableContentType(table.version)).send(JSON.stringify(toTable(target.type, items, { now: new Date(), includeObject: includeObjectOf(req), listMeta, version: table.version })));
      return;
    }
    res.json({ apiVersion: apiVersionOf(target.type, target.version), kind: target.type.listKind, metadata: listMeta, items });
  }

  private async listReadOnly(target: ApiTarget, source: ReadOnlySource, req: Request, res: Response): Promise<void> {
    if (truthy(query(req, 'watch'))) {
      // Events are derived from the log; a watch on them ends at once and clients re-list.
      res.status(200).type('application/json').end();
      return;
    }
    const fieldSelector = query(req, 'fieldSelector');
    const predicate = this.selector(req);
    const items = (await source.list(target.namespace, fieldSelector)).filter(predicate);
    if (target.name !== null) {
      const found = items.find((item) => item.metadata.name === target.name);
      if (!found) throw new StatusError('NotFound', `events "${target.name}" not found`);
      this.send(target, req, res, 200, found);
      return;
    }
    this.sendList(target, req, res, items, { resourceVersion: String(this.deps.inventory.checkpoint) });
  }

  private async get(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    this.send(target, req, res, 200, this.render(target, mapper, this.current(target, mapper)));
  }

  private watch(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): void {
    const predicate = this.selector(req);
    const table = wantsTable(req.header('accept'));
    const includeObject = includeObjectOf(req);
    const key = resourceKey(target.type);
    const timeout = query(req, 'timeoutSeconds');
    serveWatch(req, res, {
      hub: this.deps.hub,
      resourceKey: key,
      filter: (object) => predicate(object) && (target.namespace === null || object.metadata.namespace === target.namespace),
      resourceVersion: query(req, 'resourceVersion'),
      resourceVersionMatch: query(req, 'resourceVersionMatch'),
      allowWatchBookmarks: truthy(query(req, 'allowWatchBookmarks')),
      sendInitialEvents: query(req, 'sendInitialEvents') === undefined ? undefined : truthy(query(req, 'sendInitialEvents')),
      ...(timeout !== undefined ? { timeoutSeconds: Number(timeout) } : {}),
      ...(this.deps.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: this.deps.bookmarkIntervalMs } : {}),
      listInitial: () => ({ objects: this.currentObjects(target, mapper, () => true), resourceVersion: this.deps.inventory.checkpoint }),
      render: (change) => {
        const object = target.version === target.type.versions[0] ? change.object : { ...change.object, apiVersion: apiVersionOf(target.type, target.version) };
        return table.table ? toTable(target.type, [object], { now: new Date(), includeObject, version: table.version }) : object;
      },
      bookmarkObject: () => (table.table ? ({ apiVersion: 'meta.k8s.io/v1', kind: 'Table', metadata: {} } as KubeObject) : { apiVersion: apiVersionOf(target.type, target.version), kind: target.type.kind, metadata: {} }),
      contentType: 'application/json',
    });
  }

  private body(req: Request): KubeObject {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const document = parseKubeDocument(raw, req.header('content-type')) as KubeObject;
    if (typeof document.metadata !== 'object' || document.metadata === null || Array.isArray(document.metadata)) {
      if (document.metadata !== undefined) throw new StatusError('BadRequest', 'metadata must be an object');
      document.metadata = {};
    }
    return document;
  }

  private checkKind(target: ApiTarget, body: KubeObject): void {
    if (body.kind !== undefined && body.kind !== target.type.kind) {
      throw new StatusError('BadRequest', `the kind of the provided object (${shown(body.kind)}) does not match the kind of the request (${target.type.kind})`);
    }
    if (body.apiVersion !== undefined) {
      const expected = target.type.versions.map((version) => apiVersionOf(target.type, version));
      if (typeof body.apiVersion !== 'string' || !expected.includes(body.apiVersion)) throw new StatusError('BadRequest', `the API version in the data (${shown(body.apiVersion)}) does not match the expected API version (${apiVersionOf(target.type, target.version)})`);
    }
  }

  private checkNamespace(target: ApiTarget, body: KubeObject): void {
    if (!target.type.namespaced) return;
    if (body.metadata.namespace !== undefined && body.metadata.namespace !== target.namespace) {
      throw new StatusError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!this.deps.inventory.get('Namespace', null, target.namespace!)) throw new StatusError('NotFound', `namespaces "${target.namespace}" not found`, { name: target.namespace!, kind: 'namespaces' });
  }

  /** `?fieldValidation=`: unknown fields refuse the write (Strict) or are dropped, with a warning each (Warn, the default) or silently (Ignore). */
  private checkFields(target: ApiTarget, req: Request, res: Response, object: KubeObject, before?: KubeObject): void {
    const directive = fieldValidationOf(query(req, 'fieldValidation'));
    // Duplicate keys need a second parse of the body: only a Strict request (kubectl's) pays for it.
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    const duplicates = directive === 'Strict' && raw && raw.length > 0 && !isKubeProtobuf(req.header('content-type')) ? duplicateFields(raw.toString('utf8')) : [];
    const warnings = enforceFieldValidation(target.type, target.version, directive, object, before, duplicates);
    for (const warning of warnings.slice(0, MAX_WARNINGS)) res.append('Warning', warningHeader(warning));
    if (warnings.length > MAX_WARNINGS) res.append('Warning', warningHeader(`${warnings.length - MAX_WARNINGS} more unknown fields not shown`));
  }

  private async create(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const body = this.body(req);
    this.checkKind(target, body);
    if (!body.metadata.name && typeof body.metadata.generateName === 'string') body.metadata.name = `${body.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    if (!body.metadata.name) throw new StatusError('Invalid', `${target.type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: target.type.kind, causes: [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }] });
    createdNames.set(req, body.metadata.name);
    this.checkNamespace(target, body);
    this.checkFields(target, req, res, body);
    admitObject(target.type, body);
    if (query(req, 'dryRun') === 'All') {
      this.send(target, req, res, 201, body);
      return;
    }
    await mapper.create(body, target.namespace, this.context(req));
    await this.recordManagers(target, mapper, req, body.metadata.name, undefined);
    this.send(target, req, res, 201, this.render(target, mapper, this.current({ ...target, name: body.metadata.name }, mapper)));
  }

  private async replace(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const body = this.body(req);
    this.checkKind(target, body);
    if (body.metadata.name !== undefined && body.metadata.name !== target.name) throw new StatusError('BadRequest', 'the name of the object does not match the name on the URL');
    const current = this.current(target, mapper);
    this.checkFields(target, req, res, body);
    const before = this.render(target, mapper, current);
    await this.update(target, mapper, current, body, req);
    if (query(req, 'dryRun') !== 'All') await this.recordManagers(target, mapper, req, target.name!, before);
    this.send(target, req, res, 200, this.afterWrite(target, mapper, body));
  }

  /** The object as stored after a write; if the write completed its deletion, what was written. */
  private afterWrite(target: ApiTarget, mapper: KindMapper, written: KubeObject): KubeObject {
    const after = this.deps.inventory.get(mapper.aggregateKind, target.namespace, target.name!);
    return after ? this.render(target, mapper, after) : written;
  }

  private async update(target: ApiTarget, mapper: KindMapper, current: InventoryObject, body: KubeObject, req: Request): Promise<void> {
    const expected = body.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== String(mapper.resourceVersion?.(current) ?? current.position)) {
      throw new StatusError('Conflict', `Operation cannot be fulfilled on ${target.type.plural}${target.type.group ? `.${target.type.group}` : ''} "${target.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: target.name!, group: target.type.group, kind: target.type.plural });
    }
    admitObject(target.type, body, target.subresource);
    if (query(req, 'dryRun') === 'All') return;
    const context = this.context(req);
    if (target.subresource === 'status') {
      if (mapper.updateStatus) await mapper.updateStatus(current, body, context);
      return;
    }
    await mapper.update(current, body, context);
  }

  private async patch(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const contentType = (req.header('content-type') ?? '').split(';')[0]!.trim();
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const existing = this.deps.inventory.get(mapper.aggregateKind, target.namespace, target.name!);
    const isApply = contentType === 'application/apply-patch+yaml';
    const options = {
      kind: target.type.kind,
      strategic: coreStrategicSchemas[target.type.kind],
      fieldManager: query(req, 'fieldManager'),
      now: new Date().toISOString(),
      ...(isApply ? { force: truthy(query(req, 'force')) } : {}),
      ...(target.subresource === 'status' ? { subresource: 'status' as const } : {}),
    };
    if (!existing) {
      // Only an apply to the object itself creates it; through /status it is NotFound, as in Kubernetes.
      if (!isApply || target.subresource !== null) this.current(target, mapper);
      const base: KubeObject = { apiVersion: apiVersionOf(target.type, target.version), kind: target.type.kind, metadata: { name: target.name!, ...(target.namespace ? { namespace: target.namespace } : {}) } };
      const created = withMetadata(applyPatch(contentType, base, raw, options));
      this.checkKind(target, created);
      this.checkNamespace(target, created);
      this.checkFields(target, req, res, created);
      admitObject(target.type, created);
      if (query(req, 'dryRun') === 'All') {
        this.send(target, req, res, 201, created);
        return;
      }
      await mapper.create({ ...created, metadata: { ...created.metadata, name: target.name! } }, target.namespace, this.context(req));
      await this.recordManagers(target, mapper, req, target.name!, undefined, isApply ? created : undefined);
      this.send(target, req, res, 201, this.render(target, mapper, this.current(target, mapper)));
      return;
    }
    const original = this.render(target, mapper, existing);
    const patched = withMetadata(applyPatch(contentType, original, raw, options));
    if (patched.metadata.name !== original.metadata.name || patched.metadata.namespace !== original.metadata.namespace) {
      throw new StatusError('Invalid', `${target.type.kind} "${target.name}" is invalid: metadata.name: Invalid value: the name and namespace of an object cannot change`);
    }
    this.checkFields(target, req, res, patched, original);
    // A patch that carries resourceVersion is a precondition; one that does not applies to the latest state.
    const patchedVersion = patched.metadata.resourceVersion;
    if (patchedVersion === original.metadata.resourceVersion) delete patched.metadata.resourceVersion;
    await this.update(target, mapper, existing, patched, req);
    if (query(req, 'dryRun') !== 'All') await this.recordManagers(target, mapper, req, target.name!, original, isApply ? patched : undefined);
    this.send(target, req, res, 200, this.afterWrite(target, mapper, patched));
  }

  private async delete(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const current = this.current(target, mapper);
    const before = this.render(target, mapper, current);
    this.checkPreconditions(req, before);
    if (query(req, 'dryRun') === 'All') {
      this.send(target, req, res, 200, before);
      return;
    }
    await mapper.delete(current, this.context(req));
    const after = this.deps.inventory.get(mapper.aggregateKind, target.namespace, target.name!);
    this.send(target, req, res, 200, after ? this.render(target, mapper, after) : before);
  }

  private checkPreconditions(req: Request, object: KubeObject): void {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    if (!raw || raw.length === 0) return;
    const options = parseKubeDocument(raw, req.header('content-type')) as { preconditions?: { uid?: string; resourceVersion?: string } };
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== object.metadata.uid) throw new StatusError('Conflict', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`);
    if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
      throw new StatusError('Conflict', `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion}`);
    }
  }

  private async deleteCollection(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const predicate = this.selector(req);
    const objects = this.deps.inventory
      .list(mapper.aggregateKind, target.type.namespaced ? (target.namespace ?? undefined) : undefined)
      .filter((object) => predicate(this.render(target, mapper, object)));
    const context = this.context(req);
    const deleted: KubeObject[] = [];
    for (const object of objects) {
      deleted.push(this.render(target, mapper, object));
      if (query(req, 'dryRun') !== 'All') await mapper.delete(object, context);
    }
    res.json({ apiVersion: apiVersionOf(target.type, target.version), kind: target.type.listKind, metadata: { resourceVersion: String(this.deps.inventory.checkpoint) }, items: deleted });
  }

  /**
   * pods/log (kubectl logs): the pod VM's console, for its one container or the one named
   * (`container`), the last `tailLines`, each line after its time with `timestamps`; with `follow`
   * the answer stays open and carries new lines as the console gets them, until the pod VM goes.
   */
  private async podLog(target: ApiTarget, req: Request, res: Response): Promise<void> {
    if (!this.deps.podConsoles) throw new StatusError('NotFound', 'the server could not find the requested resource');
    const { pod, lines } = await this.deps.podConsoles.read(target.namespace!, target.name!);
    const names = pod.containers.map((container) => container.name);
    const asked = query(req, 'container');
    if (!asked && names.length > 1) throw new StatusError('BadRequest', `a container name must be specified for pod ${pod.name}, choose one of: [${names.join(' ')}]`);
    if (asked && !names.includes(asked)) throw new StatusError('BadRequest', `container ${asked} is not valid for pod ${pod.name}`);
    const container = asked || names[0];
    if (pod.status === 'Pending' || pod.status === 'Scheduled') {
      throw new StatusError('BadRequest', `container "${container}" in pod "${pod.name}" is waiting to start: ContainerCreating`);
    }
    const tail = query(req, 'tailLines');
    const tailLines = tail === undefined ? undefined : Number(tail);
    if (tailLines !== undefined && (!Number.isSafeInteger(tailLines) || tailLines < 0)) throw new StatusError('BadRequest', `tailLines: invalid value "${tail}": must be a non-negative integer`);
    const shown = tailLines === undefined ? lines : tailLines === 0 ? [] : lines.slice(-tailLines);
    const timestamps = truthy(query(req, 'timestamps'));
    const format = (lines: readonly ConsoleLine[]): string => lines.map(({ at, text }) => `${timestamps ? `${at} ` : ''}${text}\n`).join('');
    if (!truthy(query(req, 'follow'))) {
      res.status(200).type('text/plain').send(format(shown));
      return;
    }
    res.status(200).type('text/plain');
    res.write(format(shown));
    this.followConsole(target.namespace!, pod, lines.at(-1), format, res);
  }

  /** Writes the console lines that come after `last` as they come; ends when the pod VM is gone (or replaced). */
  private followConsole(namespace: string, pod: PodVMLive, last: ConsoleLine | undefined, format: (lines: readonly ConsoleLine[]) => string, res: Response): void {
    const consoles = this.deps.podConsoles!;
    const finish = (): void => {
      clearInterval(timer);
      res.end();
    };
    const timer = setInterval(() => {
      consoles.read(namespace, pod.name).then(({ pod: now, lines }) => {
        if (now.uid !== pod.uid) return finish();
        const fresh = linesAfter(lines, last);
        if (fresh.length === 0) return;
        res.write(format(fresh));
        last = fresh.at(-1);
      }, finish);
    }, this.deps.logFollowIntervalMs ?? 1000).unref();
    res.on('close', () => clearInterval(timer));
  }

  /** pods/eviction (kubectl drain): the pod VM restarts elsewhere as a new incarnation (a new uid, which drain waits for). */
  private async evict(target: ApiTarget, mapper: KindMapper, req: Request, res: Response): Promise<void> {
    const current = this.current(target, mapper);
    await (mapper.evict ?? mapper.delete)(current, this.context(req));
    res.status(201).json(successStatus({ name: target.name!, kind: target.type.plural }));
  }
}

const MAX_WARNINGS = 20;

/** RFC 7234 warn-code 299 with the text quoted; header values must stay printable ASCII, whatever field names a body used. */
const warningHeader = (text: string): string => `299 - "${text.replace(/[\\"]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?')}"`;

/** A value from a request, for a message: String() would call a toString the client chose. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined').slice(0, 200));

/** A patch may replace or remove metadata; what is left must still be an object. */
const withMetadata = (patched: KubeObject): KubeObject => {
  if (typeof patched.metadata !== 'object' || patched.metadata === null || Array.isArray(patched.metadata)) {
    throw new StatusError('Invalid', 'the patched object is invalid: metadata: Required value: metadata must be an object', { causes: [{ reason: 'FieldValueRequired', field: 'metadata', message: 'Required value: metadata must be an object' }] });
  }
  return patched;
};

/** The name a create request carries, so its errors can name the object as Kubernetes does. */
const createdNames = new WeakMap<Request, string>();

const includeObjectOf = (req: Request): 'None' | 'Metadata' | 'Object' => {
  const value = query(req, 'includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
};


interface ContinueToken {
  after: string;
}

/** limit/continue over a list sorted by namespace and name: the token names the last key served. */
const paginate = (all: KubeObject[], limitText: string | undefined, token: string | undefined): { items: KubeObject[]; next?: string; remaining: number } => {
  const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  let start = 0;
  if (token) {
    let decoded: ContinueToken;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    } catch {
      throw new StatusError('BadRequest', 'invalid continue token');
    }
    start = all.findIndex((object) => keyOf(object) > decoded.after);
    if (start < 0) start = all.length;
  }
  const limit = limitText === undefined ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw new StatusError('BadRequest', `invalid limit: ${limitText}`);
  if (limit === 0 || start + limit >= all.length) return { items: all.slice(start), remaining: 0 };
  const items = all.slice(start, start + limit);
  return { items, next: Buffer.from(JSON.stringify({ after: keyOf(items[items.length - 1]!) })).toString('base64url'), remaining: all.length - start - limit };
};
