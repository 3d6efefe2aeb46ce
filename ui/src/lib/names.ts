const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` cannot name an object, or undefined when it can (a DNS-1123 label). */
export const nameProblem = (name: string): string | undefined => {
  if (name === '') return 'Enter a name.';
  if (name.length > 63) return 'At most 63 characters.';
  if (!dns1123.test(name)) return 'Lower-case letters, digits and "-" only, starting and ending with a letter or digit.';
  return undefined;
};

/** A name for an object the console creates on a click: `prefix-20261125-140200`. */
export const timestampedName = (prefix: string, at: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  return `${prefix.slice(0, 63 - stamp.length - 1).replace(/-+$/, '')}-${stamp}`;
};
