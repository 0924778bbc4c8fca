import { Input, Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, PNG, refusal } from './helpers.js';
import { ERR } from './rules.js';
import { FAKE_BOT, FakeTelegram } from './server.js';
import { channelPost, topicMessage, userOf } from './updates.js';

const fake = new FakeTelegram({ holdMs: 200 });
let tg: ReturnType<typeof client>;
const FORUM = -1001000000300;
const CHANNEL = -1001000000400;
let alerts = 0;
let chatter = 0;

beforeAll(async () => {
  await fake.start();
  tg = client(fake);
  fake.chats.addForum(FORUM, { title: 'Crash desk' });
  alerts = fake.chats.addTopic(FORUM, 'Alerts');
  chatter = fake.chats.addTopic(FORUM, 'Chatter');
  fake.chats.addChannel(CHANNEL, { title: 'Crash Channel' });
});
afterAll(() => fake.stop());

describe('forum topics', () => {
  it('posts text and photos into a topic with message_thread_id, and edits them there', async () => {
    const t = await tg.sendMessage(FORUM, 'BTC −5%', { message_thread_id: alerts });
    expect(t).toMatchObject({ message_thread_id: alerts, is_topic_message: true, chat: { id: FORUM, type: 'supergroup', is_forum: true } });
    const p = await tg.sendPhoto(FORUM, Input.fromBuffer(PNG, 'chart.png'), { message_thread_id: alerts, caption: 'chart' });
    await tg.editMessageCaption(FORUM, p.message_id, undefined, 'chart, updated');
    await tg.sendMessage(FORUM, 'off topic', { message_thread_id: chatter });
    expect(fake.inbox(FORUM, { threadId: alerts }).map((e) => [e.kind, e.shown])).toEqual([['text', 'BTC −5%'], ['photo', 'chart, updated']]);
    expect(fake.sentTo(FORUM, { threadId: chatter })).toHaveLength(1);
  });

  it('refuses a closed topic (TOPIC_CLOSED) unless the bot may manage topics, and the closed General topic', async () => {
    const topic = fake.chats.addTopic(FORUM, 'Closing');
    fake.chats.setTopic(FORUM, topic, 'close');
    expect(await refusal(tg.sendMessage(FORUM, 'x', { message_thread_id: topic }))).toEqual({ code: 400, description: ERR.topicClosed });
    fake.chats.get(FORUM).bot = { status: 'administrator', canPostMessages: false, canManageTopics: true };
    await tg.sendMessage(FORUM, 'an admin with can_manage_topics may', { message_thread_id: topic });
    fake.chats.get(FORUM).bot = { status: 'member', canPostMessages: false, canManageTopics: false };
    fake.chats.get(FORUM).generalClosed = true;
    expect(await refusal(tg.sendMessage(FORUM, 'to General'))).toEqual({ code: 400, description: ERR.topicClosed });
    fake.chats.get(FORUM).generalClosed = false;
  });

  it('refuses a deleted topic, an unknown thread and a thread in a non-forum group ("message thread not found")', async () => {
    const topic = fake.chats.addTopic(FORUM, 'Doomed');
    const m = await tg.sendMessage(FORUM, 'soon gone', { message_thread_id: topic });
    fake.chats.setTopic(FORUM, topic, 'delete');
    expect(await refusal(tg.sendMessage(FORUM, 'x', { message_thread_id: topic }))).toEqual({ code: 400, description: ERR.threadNotFound });
    expect(await refusal(tg.editMessageText(FORUM, m.message_id, undefined, 'y'))).toEqual({ code: 400, description: ERR.editNotFound });
    expect(await refusal(tg.sendMessage(FORUM, 'x', { message_thread_id: 987_654 }))).toEqual({ code: 400, description: ERR.threadNotFound });
    expect(await refusal(tg.sendMessage(-1001000000301, 'x', { message_thread_id: 5 }))).toEqual({ code: 400, description: ERR.threadNotFound });
  });

  it('delivers topic updates with message_thread_id, is_topic_message and the user\'s language_code to telegraf', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    const seen: Array<Record<string, unknown>> = [];
    bot.catch(() => undefined);
    bot.command('subscribe', (ctx) => void seen.push({ thread: ctx.message.message_thread_id, topic: ctx.message.is_topic_message, lang: ctx.from.language_code, payload: ctx.payload }));
    await new Promise<void>((resolve) => void bot.launch({}, resolve));
    try {
      fake.pushUpdate(topicMessage(FORUM, alerts, `/subscribe@${FAKE_BOT.username} critical`, userOf(7, 'Li', undefined, 'zh-hans')));
      await fake.waitFor(() => seen.length === 1);
      expect(seen[0]).toEqual({ thread: alerts, topic: true, lang: 'zh-hans', payload: 'critical' });
    } finally {
      bot.stop();
    }
  });
});

describe('channels', () => {
  it('lets the bot post as a channel admin with can_post_messages', async () => {
    const m = await tg.sendMessage(CHANNEL, 'alert');
    expect(m.chat).toEqual({ id: CHANNEL, type: 'channel', title: 'Crash Channel' });
    expect(await tg.getChatMember(CHANNEL, FAKE_BOT.id)).toMatchObject({ status: 'administrator', can_post_messages: true });
  });

  it('refuses a channel where the bot is no admin, has no post right, or was removed', async () => {
    const noPost = -1001000000401;
    fake.chats.addChannel(noPost, { canPostMessages: false });
    expect(await refusal(tg.sendMessage(noPost, 'x'))).toEqual({ code: 400, description: 'Bad Request: not enough rights to send text messages to the chat' });
    expect(await refusal(tg.sendPhoto(noPost, Input.fromBuffer(PNG, 'c.png')))).toEqual({ code: 400, description: 'Bad Request: not enough rights to send photos to the chat' });
    const gone = -1001000000402;
    fake.chats.addChannel(gone, { bot: 'left' });
    expect(await refusal(tg.sendMessage(gone, 'x'))).toEqual({ code: 403, description: 'Forbidden: bot is not a member of the channel chat' });
    const id = fake.setBotStatus(noPost, 'kicked');
    expect(fake.pendingUpdates.find((u) => u.update_id === id)).toMatchObject({ my_chat_member: { chat: { type: 'channel' }, old_chat_member: { status: 'administrator' }, new_chat_member: { status: 'kicked' } } });
    expect(await refusal(tg.sendMessage(noPost, 'x'))).toEqual({ code: 403, description: 'Forbidden: bot was kicked from the channel chat' });
  });

  it('delivers a command posted in a channel as channel_post (sender_chat, no from) through getUpdates', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    const seen: Array<Record<string, unknown>> = [];
    bot.catch(() => undefined);
    bot.on('channel_post', (ctx) => void seen.push({ chat: ctx.chat.type, sender: ctx.senderChat?.id, from: ctx.from, text: 'text' in ctx.channelPost ? ctx.channelPost.text : undefined }));
    await new Promise<void>((resolve) => void bot.launch({}, resolve));
    try {
      fake.pushUpdate(channelPost(CHANNEL, '/subscribe'));
      await fake.waitFor(() => seen.length === 1);
      expect(seen[0]).toEqual({ chat: 'channel', sender: CHANNEL, from: undefined, text: '/subscribe' });
    } finally {
      bot.stop();
    }
  });
});

describe('group to supergroup migration', () => {
  it('answers the old id with migrate_to_chat_id, serves the new supergroup, and queues both service messages', async () => {
    const group = -4000000601;
    const supergroup = -1004000000601;
    await tg.sendMessage(group, 'before');
    fake.migrateChat(group, supergroup);
    expect(await refusal(tg.sendMessage(group, 'after'))).toEqual({
      code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: supergroup },
    });
    const m = await tg.sendMessage(supergroup, 'after');
    expect(m.chat).toMatchObject({ id: supergroup, type: 'supergroup' });
    const service = fake.pendingUpdates.slice(-2).map((u) => u.message);
    expect(service).toMatchObject([{ chat: { id: group }, migrate_to_chat_id: supergroup }, { chat: { id: supergroup }, migrate_from_chat_id: group }]);
  });
});
