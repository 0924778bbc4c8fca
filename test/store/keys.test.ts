import { describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/store/keys.js';

describe('RedisKeys: the one place a key is spelled', () => {
  it('keeps the layout existing deployments have in Redis', () => {
    const k = new RedisKeys('cascade');
    expect([k.bull, k.subscriptions, k.digestSent('telegram:-1', '2026-01-29'), k.payload('p1'), k.folded('c1'), k.held('discord:9'), k.cascadeChats('c1'), k.ledger('d1'), k.deadLetters, k.engineSnapshot]).toEqual([
      'cascade:bull', 'cascade:subs', 'cascade:subs:digest:telegram:-1:2026-01-29', 'cascade:payload:p1', 'cascade:folds:c1', 'cascade:held:discord:9',
      'cascade:cascade-chats:c1', 'cascade:ledger:d1', 'cascade:dead', 'cascade:engine:snapshot',
    ]);
    expect(k.pace('telegram', '-100')).toEqual({ next: 'cascade:pace:telegram:-100:next', window: 'cascade:pace:telegram:-100:win', line: 'cascade:pace:telegram:-100:line', seen: 'cascade:pace:telegram:-100:seen' });
  });

  it('reads a chat key back from a held list key', () => {
    const k = new RedisKeys('t:x');
    expect(k.heldPattern).toBe('t:x:held:*');
    expect(k.heldChat(k.held('telegram:-100:5'))).toBe('telegram:-100:5');
  });
});
