import type { StatusCause } from '../kube/status.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const isDnsLabel = (value: unknown): boolean => typeof value === 'string' && value.length <= 63 && dnsLabel.test(value);

const LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', start and end with an alphanumeric character, and be at most 63 characters";

/**
 * Names that must be DNS-1123 labels, not only subdomains (which the metadata DTO checks for every kind):
 * a Namespace's name, and the namespace an object names.
 */
export const nameCauses = (kind: string, metadata: Record<string, unknown>): StatusCause[] => {
  const causes: StatusCause[] = [];
  if (kind === 'Namespace' && typeof metadata.name === 'string' && !isDnsLabel(metadata.name)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(metadata.name.slice(0, 100))}: ${LABEL_MESSAGE}` });
  }
  if (metadata.namespace !== undefined && metadata.namespace !== '' && !isDnsLabel(metadata.namespace)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.namespace', message: `Invalid value: ${JSON.stringify(metadata.namespace)?.slice(0, 100)}: ${LABEL_MESSAGE}` });
  }
  return causes;
};
