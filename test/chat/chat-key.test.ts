import { describe, expect, it } from 'vitest';
import { chatKey, chatOfDestination, destinationId, isWithinChat, parseChatKey, parseDestination } from '../../src/chat/chat-key.js';

// Issue 14: the one place destination ids (a chat, or a Telegram forum topic "chat/thread") are written and read.
describe('chat keys and destinations', () => {
  it.each([
    ['a Telegram group', '-1001234', { chatId: '-1001234' }],
    ['a forum topic', '-1001234/42', { chatId: '-1001234', threadId: 42 }],
    ['a private chat', '5551234', { chatId: '5551234' }],
    ['a Discord channel or thread (its own id)', '1300000000000000014', { chatId: '1300000000000000014' }],
    ['not a topic: thread 0', '-1001234/0', { chatId: '-1001234/0' }],
    ['not a topic: words after the slash', '-1001234/x', { chatId: '-1001234/x' }],
  ])('%s', (_name, id, want) => {
    expect(parseDestination(id)).toEqual(want);
    expect(destinationId(want.chatId, (want as { threadId?: number }).threadId)).toBe(id);
  });

  it('a topic is within its group, the group within itself, another group not', () => {
    expect(chatOfDestination('-1001234/42')).toBe('-1001234');
    expect(isWithinChat('-1001234/42', '-1001234')).toBe(true);
    expect(isWithinChat('-1001234', '-1001234')).toBe(true);
    expect(isWithinChat('-1001234/42', '-1001234/42')).toBe(true);
    expect(isWithinChat('-1001234/43', '-1001234/42')).toBe(false);
    expect(isWithinChat('-10012345/42', '-1001234')).toBe(false);
  });

  it('a topic\'s chat key reads back whole (the chat id is everything after the first colon)', () => {
    expect(parseChatKey(chatKey('telegram', '-1001234/42'))).toEqual({ platform: 'telegram', chatId: '-1001234/42' });
  });
});
