import { invalid } from '../shared/errors.ts';

/** The Kubernetes version inside a Tanzu Kubernetes release name. */
export interface ReleaseVersion {
  major: number;
  minor: number;
  patch: number;
}

/**
 * "v1.29.4---vmware.3-fips.1-tkg.1" → 1.29.4. TKR object names spell semver's "+" as "---";
 * the plain semver forms ("v1.29.4+vmware.3", "1.29.4") are accepted too.
 */
const releasePattern = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.+-]+)?$/;

export const tryParseReleaseVersion = (name: string): ReleaseVersion | null => {
  const match = typeof name === 'string' ? releasePattern.exec(name) : null;
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
};

export const parseReleaseVersion = (name: string, field = 'spec.topology.controlPlane.tkr.reference.name'): ReleaseVersion => {
  const version = tryParseReleaseVersion(name);
  if (!version) {
    throw invalid(`${field}: Invalid value: "${String(name)}": not a Tanzu Kubernetes release name such as v1.29.4---vmware.3-fips.1-tkg.1`, [
      { field, message: 'must name a Tanzu Kubernetes release (vMAJOR.MINOR.PATCH...)' },
    ]);
  }
  return version;
};

export const formatReleaseVersion = ({ major, minor, patch }: ReleaseVersion): string => `v${major}.${minor}.${patch}`;

/**
 * Why `from` cannot be upgraded to `to`, or null when it can: within one major version,
 * to a later patch of the same minor or to any patch of the next minor.
 * Same-patch rebuilds (another vmware/tkg suffix) are allowed.
 */
export const upgradeRefusal = (from: ReleaseVersion, to: ReleaseVersion): string | null => {
  const fromText = formatReleaseVersion(from);
  const toText = formatReleaseVersion(to);
  if (to.major !== from.major) return `cannot upgrade across major versions, from ${fromText} to ${toText}`;
  if (to.minor < from.minor || (to.minor === from.minor && to.patch < from.patch)) return `cannot downgrade from ${fromText} to ${toText}`;
  if (to.minor > from.minor + 1) {
    return `cannot skip minor versions: from ${fromText} the next upgrade must be to v${from.major}.${from.minor + 1}.x, not ${toText}`;
  }
  return null;
};
