import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import { FAKE_BOT, FakeTelegram } from '../../fakes/telegram/server.js';
import { channelPost, commandMessage, myChatMemberUpdate, topicMessage, userOf } from '../../fakes/telegram/updates.js';
import { captureLogger, newServices, shownText, TEST_COMMANDS } from './helpers.js';

// Issue 14: commands in forum topics and channels, through the real telegraf against the fake.
const FORUM = -1001000000700;
const CHANNEL = -1001000000800;
const ADMIN = userOf(70, 'Li', 'li', 'zh-hans');
let fake: FakeTelegram;
let tb: TelegramBot;
let alerts = 0;
let chatter = 0;
const services = newServices();
const removed: string[] = [];

beforeAll(async () => {
  fake = new FakeTelegram({ holdMs: 300 });
  await fake.start();
  fake.chats.addForum(FORUM, { title: 'Crash desk' });
  alerts = fake.chats.addTopic(FORUM, 'Alerts');
  chatter = fake.chats.addTopic(FORUM, 'Chatter');
  fake.chats.addChannel(CHANNEL, { title: 'Crash Channel' });
  fake.setMember(FORUM, ADMIN.id, 'administrator');
  tb = createTelegramBot({
    token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger: captureLogger().logger, mode: 'polling',
    onRemoved: (chatId) => void removed.push(chatId), onMigrated: () => undefined,
  });
  await tb.start();
});
afterAll(async () => {
  await tb.stop();
  await fake.stop();
});

describe('forum topics', () => {
  it('/subscribe inside a topic subscribes that topic ("chat/thread") and the answer lands in the topic', async () => {
    fake.pushUpdate(topicMessage(FORUM, alerts, `/subscribe@${FAKE_BOT.username} BTC`, ADMIN));
    const answer = await fake.waitFor(() => fake.sentTo(FORUM, { threadId: alerts })[0]);
    expect(shownText(answer)).toBe('Subscribed\n\nAssets: BTC');
    expect(services.subscribed.has(`${FORUM}/${alerts}`)).toBe(true);
    expect(services.subscribed.has(String(FORUM))).toBe(false);
    expect(fake.sentTo(FORUM, { threadId: null })).toEqual([]);
    expect(fake.sentTo(FORUM, { threadId: chatter })).toEqual([]);
  });

  it('two topics of one group are two destinations; a command in General (no topic) is the group itself', async () => {
    fake.pushUpdate(topicMessage(FORUM, chatter, '/ping', ADMIN, 'Chatter'));
    await fake.waitFor(() => fake.sentTo(FORUM, { threadId: chatter })[0]);
    fake.pushUpdate(commandMessage(FORUM, '/ping', ADMIN));
    await fake.waitFor(() => services.runs.includes(`ping:${FORUM}`));
    expect(services.runs).toContain(`ping:${FORUM}/${chatter}`);
  });

  it('the admin check asks about the group (getChatMember on the chat, not the topic)', async () => {
    fake.pushUpdate(topicMessage(FORUM, chatter, '/subscribe', userOf(71, 'Wu')));
    const refusal = await fake.waitFor(() => fake.sentTo(FORUM, { threadId: chatter }).find((m) => shownText(m).startsWith('Only chat admins')));
    expect(refusal.threadId).toBe(chatter);
    expect(fake.calls('getChatMember')).toContainEqual(expect.objectContaining({ chat_id: FORUM, user_id: 71 }));
    expect(services.subscribed.has(`${FORUM}/${chatter}`)).toBe(false);
  });

  it('a reply that finds its topic deleted reports that topic as removed, not the group', async () => {
    const doomed = fake.chats.addTopic(FORUM, 'Doomed');
    fake.chats.setTopic(FORUM, doomed, 'delete');
    fake.pushUpdate(topicMessage(FORUM, doomed, '/ping', ADMIN, 'Doomed'));
    await fake.waitFor(() => removed.includes(`${FORUM}/${doomed}`));
    expect(removed).not.toContain(String(FORUM));
  });
});

describe('channels', () => {
  it('a command posted in the channel (channel_post, signed by the channel) runs as an admin\'s and is answered in the channel', async () => {
    fake.pushUpdate(channelPost(CHANNEL, '/subscribe ETH'));
    const answer = await fake.waitFor(() => fake.sentTo(CHANNEL)[0]);
    expect(shownText(answer)).toBe('Subscribed\n\nAssets: ETH');
    expect(services.subscribed.has(String(CHANNEL))).toBe(true);
    expect(services.runs).toContain(`subscribe:${CHANNEL}:Crash Channel`);
    expect(fake.calls('getChatMember').filter((c) => c.chat_id === CHANNEL)).toEqual([]);
  });

  it('ignores channel posts that are not commands, or are addressed to another bot', async () => {
    const before = services.runs.length;
    fake.pushUpdate(channelPost(CHANNEL, 'BTC is falling'));
    fake.pushUpdate(channelPost(CHANNEL, '/ping@some_other_bot'));
    fake.pushUpdate(channelPost(CHANNEL, `/ping@${FAKE_BOT.username}`));
    await fake.waitFor(() => services.runs.length > before);
    expect(services.runs.slice(before)).toEqual([`ping:${CHANNEL}`]);
  });

  it('a channel post copied into the linked discussion group (is_automatic_forward) is not a command of the group', async () => {
    const group = -1001000000801;
    const update = commandMessage(group, '/ping', { id: 777000, is_bot: false, first_name: 'Telegram' });
    Object.assign(update.message as Record<string, unknown>, { is_automatic_forward: true, sender_chat: { id: CHANNEL, type: 'channel', title: 'Crash Channel' } });
    fake.pushUpdate(update);
    fake.pushUpdate(commandMessage(group, '/ping', userOf(72)));
    await fake.waitFor(() => fake.sentTo(group).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sentTo(group)).toHaveLength(1);
    expect(services.runs.filter((r) => r === `ping:${group}`)).toHaveLength(1);
  });

  it('a channel that takes the bot\'s post right away counts as removed (its alerts could not be posted)', async () => {
    const update = myChatMemberUpdate(CHANNEL, 'administrator', 'administrator', userOf(70), { id: CHANNEL, type: 'channel', title: 'Crash Channel' });
    Object.assign((update.my_chat_member as { new_chat_member: Record<string, unknown> }).new_chat_member, { can_post_messages: false, can_be_edited: false });
    fake.pushUpdate(update);
    await fake.waitFor(() => removed.includes(String(CHANNEL)));
  });
});
