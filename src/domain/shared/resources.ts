import { invalid } from './errors.ts';

/** Compute and memory in integral base units: CPU in millicores, memory and storage in bytes. */
export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export const noResources: Resources = { cpuMillis: 0, memoryBytes: 0 };

export const addResources = (a: Resources, b: Resources): Resources => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryBytes: a.memoryBytes + b.memoryBytes,
});

export const subtractResources = (a: Resources, b: Resources): Resources => ({
  cpuMillis: a.cpuMillis - b.cpuMillis,
  memoryBytes: a.memoryBytes - b.memoryBytes,
});

export const fitsWithin = (demand: Resources, available: Resources): boolean =>
  demand.cpuMillis <= available.cpuMillis && demand.memoryBytes <= available.memoryBytes;

export const isNonNegativeResources = (r: Resources): boolean =>
  Number.isSafeInteger(r.cpuMillis) && Number.isSafeInteger(r.memoryBytes) && r.cpuMillis >= 0 && r.memoryBytes >= 0;

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffixes: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const quantityPattern = /^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Parses a Kubernetes resource quantity ("500m", "4Gi", "1.5", "2e3") to a plain number. */
export const parseQuantity = (quantity: string | number, field = 'quantity'): number => {
  if (typeof quantity === 'number') {
    if (!Number.isFinite(quantity)) throw invalid(`${field}: not a finite number`, [{ field, message: 'must be a finite number' }]);
    return quantity;
  }
  const match = quantityPattern.exec(quantity.trim());
  if (!match) {
    throw invalid(`${field}: quantities must match the regular expression '${quantityPattern.source}'`, [
      { field, message: `invalid quantity "${quantity}"` },
    ]);
  }
  const [, mantissa, exponent, suffix] = match;
  const base = Number(mantissa);
  if (exponent) return base * 10 ** Number(exponent.slice(1));
  const multiplier = suffix ? (binarySuffixes[suffix] ?? decimalSuffixes[suffix]) : 1;
  return base * (multiplier ?? 1);
};

/** CPU quantity to whole millicores, rounding up as Kubernetes does. */
export const cpuToMillis = (quantity: string | number, field = 'cpu'): number => {
  const millis = Math.ceil(Math.round(parseQuantity(quantity, field) * 1e6) / 1e3);
  if (millis < 0) throw invalid(`${field}: must not be negative`, [{ field, message: 'must not be negative' }]);
  return millis;
};

/** Memory or storage quantity to whole bytes, rounding up. */
export const quantityToBytes = (quantity: string | number, field = 'memory'): number => {
  const bytes = Math.ceil(parseQuantity(quantity, field));
  if (bytes < 0) throw invalid(`${field}: must not be negative`, [{ field, message: 'must not be negative' }]);
  if (!Number.isSafeInteger(bytes)) throw invalid(`${field}: too large`, [{ field, message: 'too large' }]);
  return bytes;
};
