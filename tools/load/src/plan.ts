/* Who does what in the rush (pure, deterministic): every porteur saves, some submit, some double-click or retry. */

export interface PlanOptions {
  porteurs: number;
  /** Porteurs who submit before the deadline. */
  submitters: number;
  /** Submitters whose click is doubled (two identical requests sent together). */
  doubleClicks: number;
  /** Submitters who send their submission again (same idempotency key) once it answered, as after a lost answer. */
  replays: number;
  /** Porteurs (not submitters) who submit just after the deadline. */
  lateSubmissions: number;
  /** Submitters who send their submission again just after the deadline (must answer the receipt, not LATE). */
  replaysAfterDeadline: number;
}

export interface RushPlan {
  porteurs: number;
  submitters: number[];
  doubleClick: number[];
  replay: number[];
  late: number[];
  replayAfterDeadline: number[];
}

/** `count` indices spread evenly over `from` (in order). */
function spread(from: readonly number[], count: number): number[] {
  if (count <= 0) return [];
  return Array.from({ length: count }, (_, i) => from[Math.floor((i * from.length) / count)]);
}

export function planRush(options: PlanOptions): RushPlan {
  const { porteurs, submitters, doubleClicks, replays, lateSubmissions, replaysAfterDeadline } = options;
  const problems: string[] = [];
  if (!Number.isInteger(porteurs) || porteurs < 1) problems.push('porteurs must be a positive integer');
  if (submitters < 0 || submitters > porteurs) problems.push('submitters must be between 0 and porteurs');
  if (doubleClicks + replays > submitters) problems.push('doubleClicks + replays must not exceed submitters');
  if (replaysAfterDeadline > submitters) problems.push('replaysAfterDeadline must not exceed submitters');
  if (lateSubmissions > porteurs - submitters) problems.push('lateSubmissions must not exceed the porteurs who do not submit');
  if (problems.length) throw new Error(`Invalid rush plan: ${problems.join('; ')}.`);

  const all = Array.from({ length: porteurs }, (_, i) => i);
  const submitting = spread(all, submitters);
  const chosen = new Set(submitting);
  const others = all.filter((i) => !chosen.has(i));
  // Double clicks and replays are disjoint, each spread over the submitters.
  const doubleClick = spread(submitting, doubleClicks);
  const taken = new Set(doubleClick);
  const replay = spread(
    submitting.filter((i) => !taken.has(i)),
    replays,
  );
  return {
    porteurs,
    submitters: submitting,
    doubleClick,
    replay,
    late: spread(others, lateSubmissions),
    replayAfterDeadline: spread([...submitting].reverse(), replaysAfterDeadline),
  };
}

/**
 * The porteurs each connection ("browser") serves one after the other during the rush. Each group (the submitters,
 * the others) is dealt round-robin over the connections, continuing where the previous group stopped, and each lane
 * is in porteur order: every lane gets its share of submitters, spread over its minute.
 */
export function lanes(groups: readonly (readonly number[])[], connections: number): number[][] {
  const total = groups.reduce((n, g) => n + g.length, 0);
  const count = Math.max(1, Math.min(connections, total));
  const result: number[][] = Array.from({ length: count }, () => []);
  let cursor = 0;
  for (const group of groups) for (const p of group) result[cursor++ % count].push(p);
  return result.filter((lane) => lane.length > 0).map((lane) => lane.sort((a, b) => a - b));
}
