/** One line of the utilisation chart: values in 0..1, null where the host did not exist. */
export interface Series {
  name: string;
  points: { t: number; v: number | null }[];
}

export interface Frame {
  width: number;
  height: number;
  t0: number;
  t1: number;
}

const x = (frame: Frame, t: number): number => (frame.t1 > frame.t0 ? ((t - frame.t0) / (frame.t1 - frame.t0)) * frame.width : 0);
const y = (frame: Frame, v: number): number => frame.height - Math.max(0, Math.min(1, v)) * frame.height;

/**
 * An SVG path through the points as steps (allocation holds its value until the next change),
 * clipped to the frame's time range; a null starts a new segment.
 */
export const stepPath = (points: Series['points'], frame: Frame): string => {
  let d = '';
  let previous: number | null = null;
  let before: number | null = null;
  const to = (t: number, v: number): void => {
    const px = x(frame, t).toFixed(1);
    const py = y(frame, v).toFixed(1);
    d += previous === null ? `M${px} ${py}` : `H${px}V${py}`;
    previous = v;
  };
  for (const { t, v } of points) {
    if (t < frame.t0) {
      before = v;
      continue;
    }
    if (t > frame.t1) break;
    if (before !== null) {
      to(frame.t0, before);
      before = null;
    }
    if (v === null) previous = null;
    else to(t, v);
  }
  if (before !== null) to(frame.t0, before);
  if (previous !== null) d += `H${frame.width.toFixed(1)}`;
  return d;
};

/** Round instants for the time axis, about `count` of them. */
export const timeTicks = (t0: number, t1: number, count: number): number[] => {
  const span = t1 - t0;
  if (span <= 0 || count < 1) return [];
  const steps = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1]!;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
};

/** Appends a sample, dropping the oldest beyond `max` and those older than `since` (but the last of them, where the line starts). */
export const appendSample = <T extends { t: number }>(points: readonly T[], sample: T, since: number, max: number): T[] => {
  const first = points.findIndex((p) => p.t >= since);
  const kept = first < 0 ? points.slice(-1) : points.slice(Math.max(0, first - 1));
  kept.push(sample);
  return kept.length > max ? kept.slice(kept.length - max) : kept;
};
