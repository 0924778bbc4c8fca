import { Input } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, OTHER_PNG, PNG, refusal } from './helpers.js';
import { ERR, MAX_CAPTION, MAX_TEXT } from './rules.js';
import { EDIT_WINDOW_MS, FakeTelegram } from './server.js';

// Every rule here goes through the real telegraf client (bot.telegram.*) against the fake.
const fake = new FakeTelegram();
let tg: ReturnType<typeof client>;
let chat = -1001000000100;
const nextChat = () => chat--;

beforeAll(async () => {
  await fake.start();
  tg = client(fake);
});
afterAll(() => fake.stop());

const photo = (id: number, caption = 'BTC −12%') => tg.sendPhoto(id, Input.fromBuffer(PNG, 'chart.png'), { caption, parse_mode: 'HTML' });

describe('editing a photo message', () => {
  it('refuses editMessageText on a photo: "there is no text in the message to edit" (issue 10)', async () => {
    const id = nextChat();
    const m = await photo(id);
    expect(await refusal(tg.editMessageText(id, m.message_id, undefined, 'cascade update'))).toEqual({ code: 400, description: ERR.noTextToEdit });
    expect(fake.inbox(id)).toMatchObject([{ kind: 'photo', shown: 'BTC −12%', edits: 0 }]);
  });

  it('accepts editMessageCaption on a photo, and refuses it on a text message', async () => {
    const id = nextChat();
    const m = await photo(id);
    await tg.editMessageCaption(id, m.message_id, undefined, '<b>BTC −14%</b> cascade', { parse_mode: 'HTML' });
    expect(fake.inbox(id)).toMatchObject([{ kind: 'photo', shown: 'BTC −14% cascade', edits: 1 }]);
    const t = await tg.sendMessage(id, 'text');
    expect(await refusal(tg.editMessageCaption(id, t.message_id, undefined, 'x'))).toEqual({ code: 400, description: ERR.noCaptionToEdit });
  });

  it('counts a caption in UTF-16 units after entity parsing: 1,024 passes, 1,025 fails, markup is free', async () => {
    const id = nextChat();
    const m = await photo(id);
    const cjk = '爆仓'.repeat(MAX_CAPTION / 2); // 1,024 BMP characters = 1,024 UTF-16 units
    await tg.editMessageCaption(id, m.message_id, undefined, `<b>${cjk}</b>`, { parse_mode: 'HTML' });
    const emoji = '📉'.repeat(MAX_CAPTION / 2) + 'x'; // each emoji is 2 UTF-16 units: 1,025 in all
    expect(await refusal(tg.editMessageCaption(id, m.message_id, undefined, emoji))).toEqual({ code: 400, description: ERR.captionTooLong });
    expect(await refusal(tg.sendPhoto(id, Input.fromBuffer(PNG, 'c.png'), { caption: 'x'.repeat(MAX_CAPTION + 1) }))).toEqual({ code: 400, description: ERR.captionTooLong });
  });

  it('replaces the photo with editMessageMedia (an upload or a known file_id), and turns a text message into a photo', async () => {
    const id = nextChat();
    const m = await photo(id);
    await tg.editMessageMedia(id, m.message_id, undefined, { type: 'photo', media: Input.fromBuffer(OTHER_PNG, 'chart.png'), caption: 'new chart', parse_mode: 'HTML' });
    expect(fake.inbox(id)[0]).toMatchObject({ kind: 'photo', shown: 'new chart', edits: 1 });
    expect(fake.inbox(id)[0].photo?.equals(OTHER_PNG)).toBe(true);
    const t = await tg.sendMessage(id, 'waiting for the chart');
    const fileId = m.photo[0].file_id;
    await tg.editMessageMedia(id, t.message_id, undefined, { type: 'photo', media: fileId, caption: 'chart' });
    expect(fake.inbox(id)[1]).toMatchObject({ kind: 'photo', shown: 'chart' });
    expect(fake.inbox(id)[1].photo?.equals(PNG)).toBe(true);
  });
});

describe('editing text', () => {
  it('holds text to 4,096 UTF-16 units after parsing, in sends and edits', async () => {
    const id = nextChat();
    const m = await tg.sendMessage(id, '&amp;'.repeat(MAX_TEXT), { parse_mode: 'HTML' });
    expect(await refusal(tg.editMessageText(id, m.message_id, undefined, '📉'.repeat(MAX_TEXT / 2) + 'x'))).toEqual({ code: 400, description: ERR.tooLong });
    expect(await refusal(tg.sendMessage(id, 'x'.repeat(MAX_TEXT + 1)))).toEqual({ code: 400, description: ERR.tooLong });
  });

  it('answers "message is not modified" when the parsed text, entities and markup are unchanged, whatever the tags', async () => {
    const id = nextChat();
    const m = await tg.sendMessage(id, '<b>BTC</b> breaks 85,000', { parse_mode: 'HTML' });
    const same = await refusal(tg.editMessageText(id, m.message_id, undefined, '<strong>BTC</strong> breaks 85,000', { parse_mode: 'HTML' }));
    expect(same).toEqual({ code: 400, description: ERR.notModified });
    // Same visible text without the bold entity is a change.
    await tg.editMessageText(id, m.message_id, undefined, 'BTC breaks 85,000');
    expect(fake.sentTo(id)[0].edits).toHaveLength(1);
  });

  it('refuses invalid HTML in an edit with "can\'t parse entities"', async () => {
    const id = nextChat();
    const m = await tg.sendMessage(id, 'x');
    const r = await refusal(tg.editMessageText(id, m.message_id, undefined, 'BTC <85,000', { parse_mode: 'HTML' }));
    expect(r.description).toMatch(/^Bad Request: can't parse entities: /);
  });
});

describe('messages that can no longer be edited', () => {
  it('answers "message to edit not found" for an unknown message, one a user deleted, and one the bot deleted', async () => {
    const id = nextChat();
    expect(await refusal(tg.editMessageText(id, 999_999, undefined, 'x'))).toEqual({ code: 400, description: ERR.editNotFound });
    const a = await tg.sendMessage(id, 'a');
    fake.deleteMessage(id, a.message_id);
    expect(await refusal(tg.editMessageText(id, a.message_id, undefined, 'b'))).toEqual({ code: 400, description: ERR.editNotFound });
    const b = await photo(id);
    await tg.deleteMessage(id, b.message_id);
    expect(await refusal(tg.editMessageCaption(id, b.message_id, undefined, 'c'))).toEqual({ code: 400, description: ERR.editNotFound });
    expect(await refusal(tg.deleteMessage(id, b.message_id))).toEqual({ code: 400, description: 'Bad Request: message to delete not found' });
  });

  it('answers "message can\'t be edited" 48 h after the send in a group (the fake clock moves, nothing sleeps)', async () => {
    const local = new FakeTelegram();
    await local.start();
    try {
      const ltg = client(local);
      const group = -1001000000999;
      const m = await ltg.sendMessage(group, 'cascade');
      local.clock.advance(EDIT_WINDOW_MS - 1000);
      await ltg.editMessageText(group, m.message_id, undefined, 'cascade, update 1');
      local.clock.advance(2000);
      expect(await refusal(ltg.editMessageText(group, m.message_id, undefined, 'cascade, update 2'))).toEqual({ code: 400, description: ERR.cantEdit });
      expect(await refusal(ltg.deleteMessage(group, m.message_id))).toEqual({ code: 400, description: "Bad Request: message can't be deleted" });
      const dm = await ltg.sendMessage(42, 'private');
      local.clock.advance(EDIT_WINDOW_MS * 2);
      await ltg.editMessageText(42, dm.message_id, undefined, 'private chats have no window');
    } finally {
      await local.stop();
    }
  });
});
