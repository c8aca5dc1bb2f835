import type { FetchWindow } from '../fetch/types.js';
import { mergeGaps, OVERLAP_MS, planWindows, recentBoundary, windowsForGaps } from '../fetch/windows.js';
import type { GapSpan, SyncState } from '../store/types.js';

/** What a sync that reads in windows walks, and what it leaves as gaps without asking. */
export interface StretchPlan {
  /** The windows to walk, oldest first; the last one open-ended (it reads up to whatever comes in). */
  windows: FetchWindow[];
  /** Stretches older than 90 days not walked, the full-history window being known to be closed: gaps still. */
  kept: GapSpan[];
  /** What the store was missing as the run began: gaps found now are the ones outside these. */
  known: GapSpan[];
  /** The account was never synced: its whole life is planned. */
  first: boolean;
}

export interface PlanInput {
  /** The account's `created`. */
  created: string;
  state: SyncState | undefined;
  /** The account's gaps as stored. */
  gaps: readonly GapSpan[];
  /** Where a sync from what is held would start (the last days read again); `undefined` for a first sync. */
  resume: Date | undefined;
  /** Epoch ms. */
  now: number;
  /** Whether to ask for what is older than 90 days: `false` once the 5-minute window is known to be closed. */
  reachOld: boolean;
}

/**
 * The windows of a sync, when something is missing: the account's whole life for a first sync, else its gaps
 * (and, for a history from before gaps told everything, the part before `complete_since`) with the recent
 * days after them. `undefined` when nothing is missing: the sync then reads on from what is held, in order.
 */
export function planStretches(input: PlanInput): StretchPlan | undefined {
  const { now, state, reachOld } = input;
  const created = Math.min(Date.parse(input.created), now - OVERLAP_MS);
  if (!state?.covered_until) {
    const windows = planWindows({ created, now });
    if (reachOld) return { windows, kept: [], known: [], first: true };
    const kept = mergeGaps(windows.filter((window) => window.old).map((window) => span(window, now)));
    return { windows: windows.filter((window) => !window.old), kept, known: [], first: true };
  }
  const known = input.gaps.map((gap) => ({ from: gap.from, to: gap.to }));
  // A history whose first sync saw only the last 90 days, before such a stretch was stored as a gap.
  if (state.complete_since !== null && !state.full_history) {
    known.push({ from: iso(created), to: state.complete_since });
  }
  const missing = mergeGaps(known.filter((gap) => gap.to > gap.from));
  if (missing.length === 0) return undefined;
  const tail = Math.min(input.resume?.getTime() ?? Date.parse(state.covered_until), now - OVERLAP_MS);
  const { old, recent } = splitAt([...missing, { from: iso(tail), to: iso(now) }], recentBoundary(now));
  const windows = [...(reachOld ? windowsForGaps(old, { now }) : []), ...windowsForGaps(recent, { now })];
  const last = windows.at(-1);
  if (last) last.to = undefined;
  return { windows, kept: reachOld ? [] : mergeGaps(old), known: missing, first: false };
}

/**
 * Stretches cut at the start of the last 90 days, each side on its own (overlapping by `OVERLAP_MS`): a window
 * that began before it would be taken for old, and left unread when the 5-minute window closes.
 */
export function splitAt(
  stretches: readonly GapSpan[],
  boundary: number,
): { old: GapSpan[]; recent: GapSpan[] } {
  const old: GapSpan[] = [];
  const recent: GapSpan[] = [];
  const cut = iso(boundary);
  for (const stretch of stretches) {
    const from = Date.parse(stretch.from);
    const to = Date.parse(stretch.to);
    if (to <= boundary) old.push(stretch);
    else if (from >= boundary) recent.push(stretch);
    else {
      old.push({ from: stretch.from, to: iso(boundary + OVERLAP_MS) });
      recent.push({ from: cut, to: stretch.to });
    }
  }
  return { old, recent };
}

/** The parts of `stretches` outside every one of `known`, but for slivers of the windows' overlap. */
export function outside(stretches: readonly GapSpan[], known: readonly GapSpan[]): GapSpan[] {
  let left = stretches.map((stretch) => ({ from: Date.parse(stretch.from), to: Date.parse(stretch.to) }));
  for (const gap of known) {
    const from = Date.parse(gap.from);
    const to = Date.parse(gap.to);
    left = left.flatMap((part) => {
      if (to <= part.from || from >= part.to) return [part];
      return [
        ...(from > part.from ? [{ from: part.from, to: from }] : []),
        ...(to < part.to ? [{ from: to, to: part.to }] : []),
      ];
    });
  }
  return left
    .filter((part) => part.to - part.from > 2 * OVERLAP_MS)
    .map((part) => ({ from: iso(part.from), to: iso(part.to) }));
}

/** A window as the stretch it has still to read: up to `now` for the open-ended one. */
function span(window: FetchWindow, now: number): GapSpan {
  return { from: window.cursor?.created ?? window.from, to: window.to ?? iso(now) };
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
