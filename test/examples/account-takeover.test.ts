/**
 * End-to-end: the account-takeover example (examples/patterns/) over login attempts from its
 * seeded generator, run by the CLI; the alerts and the timed-out partial matches with three
 * failures are compared with an independent computation written here per user with plain loops
 * (no NFA): the semantics of `fail.times(3).followedBy(success).within(10 min)` with
 * skipPastLastEvent spelled out.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { readJsonLines } from './flights-data.ts';
import { generateLogins, type Login } from '../../examples/patterns/generate-logins.mjs';

const WITHIN = 10 * 60_000;

/** One run of the pattern: its failures, then (once it has three) its success. */
interface PatternRun {
  start: number;
  fails: Login[];
  success?: Login;
}

/**
 * The expected alerts and three-failure timeouts of one user, from its attempts in arrival order.
 * - A run starts at every failure and takes the next two failures of the user (successes in
 *   between are skipped: relaxed contiguity inside times(3)); then it waits for the first
 *   success from a country none of its three failures came from (followedBy skips the rest).
 * - A run whose first failure is 10 minutes or more before an attempt, or before the end of
 *   the input, times out at first failure + 10 minutes.
 * - skipPastLastEvent: a completed run is reported once no run that started earlier is still
 *   open; reporting it drops every run (open or completed) that started at or before its
 *   success. Attempts are taken in time order, equal times in arrival order.
 */
function expectedFor(attempts: readonly Login[]): { alerts: PatternRun[]; timeouts: PatternRun[] } {
  const ordered = attempts.map((a, i) => ({ a, i, t: Date.parse(a.time) })).sort((x, y) => x.t - y.t || x.i - y.i);
  let open: PatternRun[] = [];
  let completed: PatternRun[] = [];
  const alerts: PatternRun[] = [];
  const timeouts: PatternRun[] = [];
  const release = (): void => {
    for (;;) {
      completed.sort((x, y) => x.start - y.start);
      const first = completed[0];
      if (!first || open.some((r) => r.start < first.start)) return;
      alerts.push(first);
      const end = Date.parse((first.success as Login).time);
      open = open.filter((r) => r.start > end);
      completed = completed.filter((r) => r !== first && r.start > end);
    }
  };
  const advance = (t: number): void => {
    const expired = open.filter((r) => t - r.start >= WITHIN);
    timeouts.push(...expired);
    open = open.filter((r) => !expired.includes(r));
    if (expired.length > 0) release();
  };
  // Runs start at an attempt's index (equal times: arrival order) — keep a sortable start.
  for (const { a, t, i } of ordered) {
    advance(t);
    if (a.result === 'failure') {
      for (const r of open) if (r.fails.length < 3) r.fails.push(a);
      open.push({ start: t + i / 1e6, fails: [a] });
    } else {
      for (const r of [...open]) {
        if (r.fails.length === 3 && !r.fails.some((f) => f.country === a.country)) {
          r.success = a;
          open = open.filter((o) => o !== r);
          completed.push(r);
        }
      }
      release();
    }
  }
  advance(Number.POSITIVE_INFINITY);
  return { alerts, timeouts: timeouts.filter((r) => r.fails.length === 3) };
}

describe('account-takeover example', () => {
  it('raises the alerts and timeouts an independent computation finds', () => {
    const dir = tempDir();
    const logins = generateLogins({ seed: 11, users: 600, days: 3 });
    writeFileSync(join(dir, 'logins.jsonl'), logins.map((l) => JSON.stringify(l)).join('\n') + '\n');
    copyFileSync(join(REPO, 'examples/patterns/account-takeover.pipeline.json'), join(dir, 'account-takeover.pipeline.json'));
    const out = tempDir();
    const r = tributary(['run', join(dir, 'account-takeover.pipeline.json'), '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);

    const byUser = new Map<string, Login[]>();
    for (const l of logins) byUser.set(l.user, [...(byUser.get(l.user) ?? []), l]);
    const alerts: Record<string, unknown>[] = [];
    const timeouts: Record<string, unknown>[] = [];
    for (const attempts of byUser.values()) {
      const e = expectedFor(attempts);
      for (const a of e.alerts) {
        const f = a.fails[0] as Login;
        const s = a.success as Login;
        alerts.push({ user: f.user, failed_from: f.country, first_failure: f.time, success_from: s.country, success_ip: s.ip, success_at: s.time });
      }
      for (const t of e.timeouts) timeouts.push({ user: (t.fails[0] as Login).user, fails: t.fails.map((f) => f.time), at: new Date(Math.floor(t.start) + WITHIN).toISOString() });
    }
    const sort = (rows: Record<string, unknown>[]): string[] => rows.map((x) => JSON.stringify(x)).sort();
    expect(alerts.length).toBeGreaterThan(20);
    expect(sort(readJsonLines(join(out, 'alerts.jsonl')))).toEqual(sort(alerts));
    const actualTimeouts = readJsonLines(join(out, 'timed_out.jsonl')).map((row) => ({
      user: row.key,
      fails: (row.fail as Login[]).map((f) => f.time),
      at: row.timed_out_at,
    }));
    expect(timeouts.length).toBeGreaterThan(20);
    expect(sort(actualTimeouts)).toEqual(sort(timeouts));
    expect(readJsonLines(join(out, 'late.jsonl'))).toEqual([]);
  });
});
