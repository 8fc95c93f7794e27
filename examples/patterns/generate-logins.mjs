#!/usr/bin/env node
/**
 * Generates login attempts for the account-takeover example (logins.jsonl beside this script),
 * reproducibly from a seed: `node examples/patterns/generate-logins.mjs [--seed N] [--users N]
 * [--days N] [--out FILE]`.
 *
 * Each user has a home country, a few home IP addresses and a browser. Over the days they log
 * in from home (a mistyped password now and then, followed by a success at home); some travel
 * (successes from another country, hours after any failure). Mixed in, per user, at random:
 *   - takeover: 3–5 failures at home within a few minutes (the password was changed), then a
 *     success from a foreign country within 10 minutes of the first failure;
 *   - forgotten password: 3–4 failures, then a success at home;
 *   - slow takeover: 3 failures, then a foreign success 12–20 minutes after the first failure;
 *   - two failures, then a foreign success (not enough failures).
 * Attempts are written in arrival order: each reaches the log up to 4 s late (several auth
 * servers), so the file is slightly out of event-time order.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COUNTRIES = [
  ['US', 'United States', ['New York', 'Chicago', 'Seattle', 'Austin'], 24, '23.'],
  ['DE', 'Germany', ['Berlin', 'Munich', 'Hamburg'], 12, '84.'],
  ['FR', 'France', ['Paris', 'Lyon', 'Toulouse'], 10, '90.'],
  ['GB', 'United Kingdom', ['London', 'Manchester', 'Leeds'], 10, '81.'],
  ['BR', 'Brazil', ['São Paulo', 'Rio de Janeiro'], 8, '177.'],
  ['IN', 'India', ['Bengaluru', 'Mumbai', 'Delhi'], 10, '49.'],
  ['JP', 'Japan', ['Tokyo', 'Osaka'], 8, '126.'],
  ['NG', 'Nigeria', ['Lagos', 'Abuja'], 4, '105.'],
  ['RO', 'Romania', ['Bucharest', 'Cluj-Napoca'], 4, '86.'],
  ['VN', 'Vietnam', ['Hanoi', 'Ho Chi Minh City'], 4, '113.'],
  ['CA', 'Canada', ['Toronto', 'Vancouver'], 6, '99.'],
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile',
];
const FIRST = ['anna', 'ben', 'carla', 'dev', 'emma', 'felix', 'grace', 'hugo', 'ines', 'jonas', 'kai', 'lena', 'mia', 'noah', 'olga', 'paul', 'rosa', 'sven', 'tara', 'yuki'];
const LAST = ['silva', 'meyer', 'dubois', 'smith', 'kumar', 'sato', 'okafor', 'popescu', 'nguyen', 'brown', 'garcia', 'weber'];
const MINUTE = 60_000;

/** mulberry32 */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {{ seed?: number, users?: number, days?: number }} options
 * @returns {object[]} login attempts in arrival order: `{ time (ISO-8601), user, result
 *   ("success" | "failure"), reason?, ip, country, city, user_agent }`
 */
export function generateLogins({ seed = 7, users = 400, days = 2 } = {}) {
  const random = seeded(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const weighted = () => {
    const total = COUNTRIES.reduce((s, c) => s + c[3], 0);
    let r = random() * total;
    for (const c of COUNTRIES) if ((r -= c[3]) < 0) return c;
    return COUNTRIES[0];
  };
  const ipIn = (country) => `${country[4]}${1 + Math.floor(random() * 254)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  const start = Date.UTC(2024, 2, 4);
  const span = days * 24 * 60 * MINUTE;
  const events = [];
  for (let u = 0; u < users; u++) {
    const home = weighted();
    const user = `${pick(FIRST)}.${pick(LAST)}${u}`;
    const ips = [ipIn(home), ipIn(home)];
    const agent = pick(AGENTS);
    const at = (time, result, country, ip, reason) => {
      const e = { time, user, result, ...(reason ? { reason } : {}), ip, country: country[0], city: pick(country[2]), user_agent: agent };
      events.push(e);
    };
    const foreign = () => {
      let c = weighted();
      while (c === home) c = weighted();
      return c;
    };
    // Everyday logins, a typo now and then.
    const logins = 3 + Math.floor(random() * 10);
    for (let i = 0; i < logins; i++) {
      const t = start + Math.floor(random() * span);
      if (random() < 0.15) at(t, 'failure', home, pick(ips), 'bad_password');
      at(t + 5_000 + Math.floor(random() * 20_000), 'success', home, pick(ips));
    }
    if (random() < 0.1) {
      const c = foreign();
      at(start + Math.floor(random() * span), 'success', c, ipIn(c));
    }
    // The scenarios.
    const when = start + Math.floor(random() * (span - 40 * MINUTE));
    const r = random();
    const failures = (n, gap) => {
      for (let i = 0; i < n; i++) at(when + i * gap + Math.floor(random() * 20_000), 'failure', home, pick(ips), 'bad_password');
    };
    if (r < 0.1) {
      failures(3 + Math.floor(random() * 3), 50_000);
      const c = foreign();
      at(when + 6 * MINUTE + Math.floor(random() * 3 * MINUTE), 'success', c, ipIn(c));
    } else if (r < 0.18) {
      failures(3 + Math.floor(random() * 2), 40_000);
      at(when + 4 * MINUTE + Math.floor(random() * 5 * MINUTE), 'success', home, pick(ips));
    } else if (r < 0.23) {
      failures(3, 30_000);
      const c = foreign();
      at(when + 12 * MINUTE + Math.floor(random() * 8 * MINUTE), 'success', c, ipIn(c));
    } else if (r < 0.28) {
      failures(2, 30_000);
      const c = foreign();
      at(when + 3 * MINUTE + Math.floor(random() * 3 * MINUTE), 'success', c, ipIn(c));
    }
  }
  // Whole seconds, event-time order, then arrival order: each attempt up to 4 s late.
  const timed = events.map((e, n) => ({ e: { ...e, time: new Date(Math.floor(e.time / 1000) * 1000).toISOString() }, n }));
  timed.sort((a, b) => Date.parse(a.e.time) - Date.parse(b.e.time) || a.n - b.n);
  const arriving = timed.map((x, i) => ({ e: x.e, arrival: Date.parse(x.e.time) + Math.floor(random() * 4000), i }));
  arriving.sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  return arriving.map((x) => x.e);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const out = option('out', join(dirname(fileURLToPath(import.meta.url)), 'logins.jsonl'));
  const logins = generateLogins({ seed: Number(option('seed', 7)), users: Number(option('users', 400)), days: Number(option('days', 2)) });
  writeFileSync(out, logins.map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(`wrote ${logins.length} login attempts to ${out}`);
}
