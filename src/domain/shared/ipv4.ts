import { invalid } from './errors.ts';

export interface Ipv4Segment {
  cidr: string;
  /** First usable address as an unsigned 32-bit integer (network address + 1). */
  first: number;
  /** Last usable address (broadcast - 1). */
  last: number;
}

const ipPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export const ipToNumber = (ip: string): number => {
  const match = ipPattern.exec(ip);
  if (!match) throw invalid(`invalid IPv4 address "${ip}"`);
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) throw invalid(`invalid IPv4 address "${ip}"`);
  return ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
};

export const numberToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Parses "10.244.3.0/24"; segments from /8 to /30 leave room for hosts. */
export const parseSegment = (cidr: string, field = 'spec.networkSegment'): Ipv4Segment => {
  const [address, prefixText] = typeof cidr === 'string' ? cidr.split('/') : [];
  const prefix = Number(prefixText);
  if (!address || !Number.isInteger(prefix) || prefix < 8 || prefix > 30 || !ipPattern.test(address)) {
    throw invalid(`${field}: "${String(cidr)}" is not an IPv4 CIDR between /8 and /30`, [{ field, message: 'must be an IPv4 CIDR between /8 and /30' }]);
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipToNumber(address) & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { cidr: `${numberToIp(network)}/${prefix}`, first: network + 1, last: broadcast - 1 };
};
