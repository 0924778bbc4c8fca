import { describe, expect, it } from 'vitest';
import { CommandLimiter, WARN_EVERY_MS } from '../../src/chat/command-budget.js';

const rules = { chat: { burst: 3, everyMs: 1000 }, user: { burst: 2, everyMs: 2000 } };
const run = (l: CommandLimiter, steps: Array<[chat: string | null, user: string, at: number]>) => steps.map(([c, u, at]) => l.admit(c, u, at));

describe('the command budget (pure, now passed in)', () => {
  it.each([
    ['a burst per chat, then one slow-down line, then silence', [['g', 'a', 0], ['g', 'b', 0], ['g', 'c', 0], ['g', 'd', 0], ['g', 'e', 0], ['g', 'f', 0]], ['run', 'run', 'run', 'slow_down', 'drop', 'drop']],
    ['the chat refills one command a second', [['g', 'a', 0], ['g', 'b', 0], ['g', 'c', 0], ['g', 'd', 0], ['g', 'e', 1000]], ['run', 'run', 'run', 'slow_down', 'run']],
    ['one person has a smaller budget than the chat', [['g', 'a', 0], ['g', 'a', 0], ['g', 'a', 0], ['g', 'b', 0]], ['run', 'run', 'slow_down', 'run']],
    ['without a chat (Discord) only the person counts', [[null, 'a', 0], [null, 'b', 0], [null, 'c', 0], [null, 'd', 0], [null, 'a', 0], [null, 'a', 0]], ['run', 'run', 'run', 'run', 'run', 'slow_down']],
    ['another chat has its own budget', [['g', 'a', 0], ['g', 'b', 0], ['g', 'c', 0], ['h', 'd', 0]], ['run', 'run', 'run', 'run']],
  ] as const)('%s', (_name, steps, want) => {
    expect(run(new CommandLimiter(rules), steps as unknown as Array<[string | null, string, number]>)).toEqual(want);
  });

  it('a flood that lasts tells the chat to slow down at most once a minute, whatever runs in between', () => {
    const l = new CommandLimiter(rules);
    const answers = Array.from({ length: 1200 }, (_, i) => l.admit('g', `u${i}`, i * 100)); // 10 a second for 2 minutes
    expect(answers.filter((a) => a === 'slow_down')).toHaveLength(2);
    expect(answers.filter((a) => a === 'run').length).toBeLessThanOrEqual(3 + 120);
    expect(l.admit('g', 'x', 1200 * 100 + WARN_EVERY_MS)).toBe('run');
  });

  it('says how long until the next command may run', () => {
    const l = new CommandLimiter(rules);
    run(l, [['g', 'a', 0], ['g', 'b', 0], ['g', 'c', 0]]);
    expect(l.waitMs('g', 'd', 0)).toBe(1000);
    expect(l.waitMs(null, 'd', 0)).toBe(0);
  });
});
