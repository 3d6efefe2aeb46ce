import { invalid } from './errors.ts';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Namespaces and hosts' short names are DNS-1123 labels, as in Kubernetes. */
export const assertDnsLabel = (name: string, field = 'metadata.name'): void => {
  if (typeof name !== 'string' || name.length === 0 || name.length > 63 || !dns1123Label.test(name)) {
    throw invalid(`${field}: Invalid value: "${String(name)}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`, [
      { field, message: 'must be a lowercase RFC 1123 label of at most 63 characters' },
    ]);
  }
};

/** Most object names are DNS-1123 subdomains. */
export const assertDnsSubdomain = (name: string, field = 'metadata.name'): void => {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253 || !dns1123Subdomain.test(name)) {
    throw invalid(`${field}: Invalid value: "${String(name)}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`, [
      { field, message: 'must be a lowercase RFC 1123 subdomain of at most 253 characters' },
    ]);
  }
};
