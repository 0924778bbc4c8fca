import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from './redis.js';

describe('TestRedis', () => {
  const r = new TestRedis();
  beforeAll(() => r.start());
  afterAll(() => r.dispose());

  it('keeps data across a restart (AOF)', async () => {
    const c = r.client();
    await c.set('k', 'v');
    c.disconnect();
    await r.stop();
    await r.start();
    const c2 = r.client();
    expect(await c2.get('k')).toBe('v');
    expect(await c2.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    c2.disconnect();
  });
});
