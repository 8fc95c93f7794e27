/** The pause gate: source loops wait while it is closed; the run is parked once all of them wait. */
import { describe, expect, it } from 'vitest';
import { PauseGate } from './pause-gate.ts';

/** Whether `p` has settled after the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('PauseGate', () => {
  it('lets loops through while open, holds them while closed, and releases them when opened', async () => {
    const gate = new PauseGate();
    expect(await settled(gate.park())).toBe(true);
    gate.close();
    expect(gate.closed).toBe(true);
    const waiting = gate.park();
    const other = gate.whenOpen();
    expect(await settled(waiting)).toBe(false);
    expect(await settled(other)).toBe(false);
    gate.open();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(other)).toBe(true);
  });

  it('is parked once every running loop waits, or has ended', async () => {
    const gate = new PauseGate();
    gate.loopsStarted(3);
    gate.close();
    const parked = gate.whenAllParked();
    void gate.park();
    void gate.park();
    expect(await settled(parked)).toBe(false);
    gate.loopEnded();
    expect(await settled(parked)).toBe(true);
    gate.open();
  });
});
