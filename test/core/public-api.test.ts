import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as core from './support/core.js';

describe('the public API', () => {
  it('exports every core name these tests use, as the very same values', () => {
    const exported = api as unknown as Record<string, unknown>;
    const missing = Object.keys(core).filter(
      (name) => exported[name] !== (core as Record<string, unknown>)[name],
    );
    expect(missing).toEqual([]);
    expect(Object.keys(core).length).toBeGreaterThan(20);
  });
});
