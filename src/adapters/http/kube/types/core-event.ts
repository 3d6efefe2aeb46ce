import type { KubeObject } from '../kube-object.ts';
import type { ResourceType, Schema } from '../resource-type.ts';
import { at, column, fieldColumn, nameColumn, text } from './columns.ts';
import { date, int, obj, oneOf, openObj, str } from './schema.ts';
import { readVerbs } from './verbs.ts';

/** Event keeps its fields at the top level of the object, not under spec/status. */
export const eventFields: Record<string, Schema> = {
  involvedObject: obj('The object this event is about.', {
    apiVersion: str('API version of the referent.'),
    kind: str('Kind of the referent.'),
    namespace: str('Namespace of the referent.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
    resourceVersion: str('The resourceVersion of the referent the event was recorded at.'),
    fieldPath: str('A part of the object (e.g. spec.containers{name}) the event is about.'),
  }),
  reason: str('Short, machine understandable CamelCase reason for the transition into the object\'s current status.'),
  message: str('A human-readable description of the status of this operation.'),
  type: oneOf('Type of this event.', ['Normal', 'Warning']),
  source: obj('The component reporting this event.', { component: str('Component from which the event is generated.'), host: str('Node name on which the event is generated.') }),
  firstTimestamp: date('The time at which the event was first recorded.'),
  lastTimestamp: date('The time at which the most recent occurrence of this event was recorded.'),
  count: int('The number of times this event has occurred.'),
  eventTime: str('Time when this event was first observed (MicroTime).', { format: 'date-time' }),
  action: str('What action was taken or failed regarding the involved object.'),
  reportingComponent: str('Name of the controller that emitted this event.'),
  reportingInstance: str('ID of the controller instance.'),
  series: openObj('Data about the event series this event represents.'),
  related: openObj('Optional secondary object for more complex actions.'),
};

const objectCell = (event: KubeObject): string => {
  const kind = text(at(event, 'involvedObject', 'kind')) ?? '';
  const name = text(at(event, 'involvedObject', 'name')) ?? '';
  return `${kind.toLowerCase()}/${name}`;
};

const sourceCell = (event: KubeObject): string => {
  const component = text(at(event, 'source', 'component')) ?? text(event.reportingComponent) ?? '';
  const host = text(at(event, 'source', 'host'));
  return host ? `${component}, ${host}` : component;
};

/** Same columns, and order, as kube-apiserver's Event table: NAME is last and shown only with -o wide. */
export const eventType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'Event',
  listKind: 'EventList',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  categories: [],
  namespaced: true,
  verbs: readVerbs,
  subresources: [],
  readOnly: true,
  description: "Event reports something that happened to an object; Pacific derives them from each object's domain events.",
  printerColumns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.', (e) =>
      text(e.lastTimestamp) ?? text(e.eventTime) ?? text(e.firstTimestamp), { type: 'date' }),
    fieldColumn('Type', 'Type of this event (Normal, Warning).', ['type']),
    fieldColumn('Reason', 'Short, machine understandable reason for the transition.', ['reason']),
    column('Object', 'The object this event is about.', objectCell),
    fieldColumn('Subobject', 'The part of the object the event is about.', ['involvedObject', 'fieldPath'], { priority: 1 }),
    column('Source', 'The component reporting this event.', sourceCell, { priority: 1 }),
    fieldColumn('Message', 'A human-readable description of the status of this operation.', ['message']),
    column('First Seen', 'The time at which the event was first recorded.', (e) => text(e.firstTimestamp) ?? text(e.eventTime), { type: 'date', priority: 1 }),
    fieldColumn('Count', 'The number of times this event has occurred.', ['count'], { type: 'integer', priority: 1 }),
    nameColumn(1),
  ],
  specSchema: {},
  statusSchema: {},
};
