import type { NamespaceLive } from '../../../../domain/namespace/index.ts';
import { namespaceAggregate } from '../../../../application/aggregates.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { objectMeta, stringMap } from './meta.ts';

/** Namespaces: the admin's unit of management. Their network segment shows as an annotation. */
export const namespaceMapper = ({ pacific, namespaces, afterNamespaceCreated }: ApiServices): KindMapper => ({
  apiKind: 'Namespace',
  aggregateKind: 'Namespace',
  render: (object, state) => {
    const namespace = state as NamespaceLive;
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: objectMeta(object, {
        ...namespace,
        labels: { ...namespace.labels, 'kubernetes.io/metadata.name': namespace.name },
        annotations: { ...namespace.annotations, 'pacific.io/network-segment': namespace.networkSegment },
      }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: namespace.status === 'Terminating' ? 'Terminating' : 'Active' },
    };
  },
  create: async (body, _namespace, context) => {
    await namespaces.create(
      { name: body.metadata.name!, labels: withoutServerLabels(stringMap(body.metadata.labels, 'metadata.labels')), annotations: withoutServerAnnotations(stringMap(body.metadata.annotations, 'metadata.annotations')) },
      context,
    );
    await afterNamespaceCreated?.(body.metadata.name!);
  },
  update: async (current, body, context) => {
    const labels = withoutServerLabels(stringMap(body.metadata.labels, 'metadata.labels'));
    const annotations = withoutServerAnnotations(stringMap(body.metadata.annotations, 'metadata.annotations'));
    await pacific.execute(namespaceAggregate, current.name, { type: 'ChangeNamespaceMetadata', data: { name: current.name, labels, annotations } }, context);
  },
  delete: async (current, context) => {
    // Asynchronous, as in Kubernetes: the terminating-namespace controller empties and removes it.
    await namespaces.terminate(current.name, context);
  },
});

const withoutServerLabels = (labels: Record<string, string>): Record<string, string> => {
  const { 'kubernetes.io/metadata.name': _name, ...rest } = labels;
  return rest;
};

const withoutServerAnnotations = (annotations: Record<string, string>): Record<string, string> => {
  const { 'pacific.io/network-segment': _segment, ...rest } = annotations;
  return rest;
};
