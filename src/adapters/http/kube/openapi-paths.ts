import type { ResourceType, Schema } from './resource-type.ts';
import { definitionName, gvkExtension } from './openapi-kinds.ts';
import { deleteOptionsName, patchName, ref, statusName } from './openapi-meta.ts';

/** The resource URLs of one kind at one version, as kube-apiserver documents them. */

type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';

const query = (name: string, description: string, schema: Schema = { type: 'string', uniqueItems: true }): Schema => ({ name, in: 'query', description, schema });
const pathParam = (name: string, description: string): Schema => ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });

const pretty = query('pretty', "If 'true', then the output is pretty printed.");
const dryRun = query('dryRun', 'When present (All), modifications are not persisted.');
const fieldManager = query('fieldManager', 'A name associated with the actor or entity that is making these changes.');
/** kubectl only trusts the server with validation when PATCH lists this parameter. */
const fieldValidation = query('fieldValidation', 'How to handle unknown or duplicate fields in the request body: Ignore, Warn or Strict (the default for kubectl).');
const force = query('force', 'Force an Apply request: re-acquire conflicting fields owned by other managers.', { type: 'boolean', uniqueItems: true });
const listParams = [
  query('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  query('fieldSelector', 'A selector to restrict the list of returned objects by their fields (metadata.name, metadata.namespace).'),
  query('limit', 'Maximum number of responses to return for a list call.', { type: 'integer', uniqueItems: true }),
  query('continue', 'The continue token of the previous page.'),
  query('resourceVersion', 'Constrains what resource versions a request may be served from.'),
  query('resourceVersionMatch', 'How resourceVersion is applied to list calls.'),
  query('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', { type: 'boolean', uniqueItems: true }),
  query('allowWatchBookmarks', 'Requests watch events with type BOOKMARK.', { type: 'boolean', uniqueItems: true }),
  query('sendInitialEvents', 'Start a watch stream with synthetic ADDED events for the current state.', { type: 'boolean', uniqueItems: true }),
  query('timeoutSeconds', 'Timeout for the list/watch call.', { type: 'integer', uniqueItems: true }),
];
const deleteParams = [
  dryRun,
  query('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', { type: 'integer', uniqueItems: true }),
  query('propagationPolicy', 'Whether and how garbage collection will be performed: Orphan, Background or Foreground.'),
];

const json = (schema: Schema): Schema => ({ 'application/json': { schema }, 'application/yaml': { schema } });
const ok = (schema: Schema, codes: string[] = ['200']): Schema =>
  Object.fromEntries([...codes.map((code) => [code, { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', content: json(schema) }]), ['401', { description: 'Unauthorized' }]]);

const patchContentTypes = (type: ResourceType): string[] => [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  // Lists it only where the server merges strategically: kubectl then computes such patches for the kind.
  ...(type.group === '' ? ['application/strategic-merge-patch+json'] : []),
];

const pascal = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const groupWord = (group: string): string => (group === '' ? 'Core' : group.split('.').map(pascal).join(''));

export const resourcePaths = (type: ResourceType, version: string): Record<string, Schema> => {
  const prefix = type.group ? `/apis/${type.group}/${version}` : `/api/${version}`;
  const scope = type.namespaced ? `${prefix}/namespaces/{namespace}` : prefix;
  const collection = `${scope}/${type.plural}`;
  const item = `${collection}/{name}`;
  const object = ref(definitionName(type, version));
  const list = ref(definitionName(type, version, type.listKind));
  const writable = !type.readOnly;

  const operation = (action: Action, word: string, description: string, fields: Schema, subject = type.kind, namespaced = type.namespaced): Schema => ({
    operationId: `${word}${groupWord(type.group)}${pascal(version)}${namespaced ? 'Namespaced' : ''}${subject}`,
    description,
    ...fields,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvkExtension(type, version),
  });
  const namespaceParams = type.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${type.kind}`);
  const writeParams = [dryRun, fieldManager, fieldValidation];
  const patchOperation = (subject: string, description: string): Schema =>
    operation('patch', 'patch', description, {
      parameters: [...writeParams, force],
      requestBody: { required: true, content: Object.fromEntries(patchContentTypes(type).map((t) => [t, { schema: ref(patchName) }])) },
      responses: ok(object, ['200', '201']),
    }, subject);
  const putOperation = (subject: string, description: string): Schema =>
    operation('put', 'replace', description, { parameters: writeParams, requestBody: { required: true, content: { 'application/json': { schema: object } } }, responses: ok(object, ['200', '201']) }, subject);

  const paths: Record<string, Schema> = {
    [collection]: {
      parameters: [...namespaceParams, pretty],
      get: operation('list', 'list', `list or watch objects of kind ${type.kind}`, { parameters: listParams, responses: ok(list) }),
      ...(writable && {
        post: operation('post', 'create', `create a ${type.kind}`, { parameters: writeParams, requestBody: { required: true, content: { 'application/json': { schema: object } } }, responses: ok(object, ['200', '201', '202']) }),
        delete: operation('deletecollection', 'deleteCollection', `delete collection of ${type.kind}`, {
          parameters: [...listParams, ...deleteParams],
          requestBody: { content: { 'application/json': { schema: ref(deleteOptionsName) } } },
          responses: ok(ref(statusName)),
        }),
      }),
    },
    [item]: {
      parameters: [nameParam, ...namespaceParams, pretty],
      get: operation('get', 'read', `read the specified ${type.kind}`, { responses: ok(object) }),
      ...(writable && {
        put: putOperation(type.kind, `replace the specified ${type.kind}`),
        patch: patchOperation(type.kind, `partially update the specified ${type.kind}`),
        delete: operation('delete', 'delete', `delete a ${type.kind}`, {
          parameters: deleteParams,
          requestBody: { content: { 'application/json': { schema: ref(deleteOptionsName) } } },
          responses: ok(ref(statusName), ['200', '202']),
        }),
      }),
    },
  };
  if (type.subresources.includes('status')) {
    paths[`${item}/status`] = {
      parameters: [nameParam, ...namespaceParams, pretty],
      get: operation('get', 'read', `read status of the specified ${type.kind}`, { responses: ok(object) }, `${type.kind}Status`),
      put: putOperation(`${type.kind}Status`, `replace status of the specified ${type.kind}`),
      patch: patchOperation(`${type.kind}Status`, `partially update status of the specified ${type.kind}`),
    };
  }
  if (type.namespaced) {
    paths[`${prefix}/${type.plural}`] = {
      parameters: [pretty],
      get: operation('list', 'list', `list or watch objects of kind ${type.kind} in every namespace`, { parameters: listParams, responses: ok(list) }, `${type.kind}ForAllNamespaces`, false),
    };
  }
  return paths;
};

