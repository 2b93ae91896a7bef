import { describe, expect, it } from 'vitest';
import { useApp } from '../support/app-harness.js';

const h = useApp();

describe('GET /metrics by default', () => {
  it('is not served unless METRICS=on', async () => {
    const res = await fetch(`http://127.0.0.1:${h.server.port}/metrics`);
    expect(res.status).toBe(404);
    expect(h.server.deps.settings.metrics.enabled).toBe(false);
  });
});
