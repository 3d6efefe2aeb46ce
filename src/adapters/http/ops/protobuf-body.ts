import protobuf from 'protobufjs/minimal.js';
import { StatusError } from '../kube/status.ts';

/**
 * kubectl's typed commands (`create namespace`, `create quota`, `run`) send Kubernetes protobuf:
 * the magic "k8s\0", then a runtime.Unknown holding TypeMeta and the object's own encoding.
 * This decodes the fields of the core kinds Pacific serves into the JSON shape, field by field,
 * following the field numbers of k8s.io/api's generated.proto files.
 */
type FieldSpec = { name: string; type: 'string' | 'int' | 'bool' | 'strings' | 'stringMap' | 'quantityMap' | 'quantity' } | { name: string; type: 'message' | 'messages'; of: MessageSpec };
type MessageSpec = Record<number, FieldSpec>;

const objectMeta: MessageSpec = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: 'stringMap' },
  12: { name: 'annotations', type: 'stringMap' },
  14: { name: 'finalizers', type: 'strings' },
};
const resources: MessageSpec = { 1: { name: 'limits', type: 'quantityMap' }, 2: { name: 'requests', type: 'quantityMap' } };
const containerPort: MessageSpec = { 1: { name: 'name', type: 'string' }, 2: { name: 'hostPort', type: 'int' }, 3: { name: 'containerPort', type: 'int' }, 4: { name: 'protocol', type: 'string' } };
const envVar: MessageSpec = { 1: { name: 'name', type: 'string' }, 2: { name: 'value', type: 'string' } };
const container: MessageSpec = {
  1: { name: 'name', type: 'string' },
  2: { name: 'image', type: 'string' },
  3: { name: 'command', type: 'strings' },
  4: { name: 'args', type: 'strings' },
  5: { name: 'workingDir', type: 'string' },
  6: { name: 'ports', type: 'messages', of: containerPort },
  7: { name: 'env', type: 'messages', of: envVar },
  8: { name: 'resources', type: 'message', of: resources },
  14: { name: 'imagePullPolicy', type: 'string' },
  16: { name: 'stdin', type: 'bool' },
  18: { name: 'tty', type: 'bool' },
};
const podSpec: MessageSpec = {
  2: { name: 'containers', type: 'messages', of: container },
  3: { name: 'restartPolicy', type: 'string' },
  7: { name: 'nodeSelector', type: 'stringMap' },
};
const quotaSpec: MessageSpec = { 1: { name: 'hard', type: 'quantityMap' }, 2: { name: 'scopes', type: 'strings' } };
const resourceAttributes: MessageSpec = Object.fromEntries(['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'].map((name, i) => [i + 1, { name, type: 'string' }]));
const accessReviewSpec: MessageSpec = { 1: { name: 'resourceAttributes', type: 'message', of: resourceAttributes }, 2: { name: 'nonResourceAttributes', type: 'message', of: { 1: { name: 'path', type: 'string' }, 2: { name: 'verb', type: 'string' } } } };

const kinds: Record<string, MessageSpec> = {
  Namespace: { 1: { name: 'metadata', type: 'message', of: objectMeta } },
  Pod: { 1: { name: 'metadata', type: 'message', of: objectMeta }, 2: { name: 'spec', type: 'message', of: podSpec } },
  ResourceQuota: { 1: { name: 'metadata', type: 'message', of: objectMeta }, 2: { name: 'spec', type: 'message', of: quotaSpec } },
  PersistentVolumeClaim: { 1: { name: 'metadata', type: 'message', of: objectMeta } },
  SelfSubjectAccessReview: { 1: { name: 'metadata', type: 'message', of: objectMeta }, 2: { name: 'spec', type: 'message', of: accessReviewSpec } },
};

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const readEntry = (bytes: Uint8Array): [string, Uint8Array] => {
  const reader = protobuf.Reader.create(bytes);
  let key = '';
  let value: Uint8Array = new Uint8Array();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) key = reader.string();
    else if (tag >>> 3 === 2) value = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return [key, value];
};

const quantityOf = (bytes: Uint8Array): string => {
  const reader = protobuf.Reader.create(bytes);
  let text = '';
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) text = reader.string();
    else reader.skipType(tag & 7);
  }
  return text;
};

const decodeMessage = (bytes: Uint8Array, spec: MessageSpec): Record<string, unknown> => {
  const reader = protobuf.Reader.create(bytes);
  const out: Record<string, unknown> = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = spec[tag >>> 3];
    if (!field) {
      reader.skipType(tag & 7);
      continue;
    }
    switch (field.type) {
      case 'string':
        out[field.name] = reader.string();
        break;
      case 'int':
        out[field.name] = reader.int32();
        break;
      case 'bool':
        out[field.name] = reader.bool();
        break;
      case 'strings':
        out[field.name] = [...((out[field.name] as string[] | undefined) ?? []), reader.string()];
        break;
      case 'stringMap': {
        const [key, value] = readEntry(reader.bytes());
        out[field.name] = { ...((out[field.name] as object | undefined) ?? {}), [key]: Buffer.from(value).toString('utf8') };
        break;
      }
      case 'quantityMap': {
        const [key, value] = readEntry(reader.bytes());
        out[field.name] = { ...((out[field.name] as object | undefined) ?? {}), [key]: quantityOf(value) };
        break;
      }
      case 'quantity':
        out[field.name] = quantityOf(reader.bytes());
        break;
      case 'message':
        out[field.name] = decodeMessage(reader.bytes(), field.of);
        break;
      case 'messages':
        out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), decodeMessage(reader.bytes(), field.of)];
        break;
    }
  }
  return out;
};

export const isKubeProtobuf = (contentType: string | undefined): boolean => (contentType ?? '').split(';')[0]!.trim() === 'application/vnd.kubernetes.protobuf';

export const decodeKubeProtobuf = (raw: Buffer): Record<string, unknown> => {
  if (raw.length < 4 || !raw.subarray(0, 4).equals(MAGIC)) throw new StatusError('BadRequest', 'the body could not be decoded: not a Kubernetes protobuf message');
  try {
    const envelope = decodeMessage(raw.subarray(4), {
      1: { name: 'typeMeta', type: 'message', of: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } } },
    });
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const reader = protobuf.Reader.create(raw.subarray(4));
    let object: Uint8Array | undefined;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 2) object = reader.bytes();
      else reader.skipType(tag & 7);
    }
    const spec = typeMeta.kind ? kinds[typeMeta.kind] : undefined;
    if (!spec || !object) {
      throw new StatusError('UnsupportedMediaType', `protobuf bodies are accepted for ${Object.keys(kinds).join(', ')}; send ${typeMeta.kind ?? 'this object'} as application/json or application/yaml`);
    }
    return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(object, spec) };
  } catch (error) {
    if (error instanceof StatusError) throw error;
    throw new StatusError('BadRequest', `the body could not be decoded: ${(error as Error).message}`);
  }
};
