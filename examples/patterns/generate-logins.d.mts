/** Types of generate-logins.mjs (a plain script, so the example runs without a build step). */

/** One login attempt. */
export interface Login {
  /** ISO-8601, whole seconds. */
  time: string;
  user: string;
  result: 'success' | 'failure';
  reason?: string;
  ip: string;
  /** ISO 3166 alpha-2 code. */
  country: string;
  city: string;
  user_agent: string;
}

/** Login attempts in arrival order, reproducible from `seed` (defaults: seed 7, 400 users, 2 days). */
export function generateLogins(options?: { seed?: number; users?: number; days?: number }): Login[];
