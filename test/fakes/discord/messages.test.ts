import { DiscordAPIError, REST, Routes, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './server.js';
import { LIMIT } from './validate.js';

// Everything goes through the real @discordjs/rest client (what discord.js and the delivery adapter use).
const TOKEN = 'fake-messages-token';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 7)]);
const NEW_PNG = Buffer.concat([PNG, Buffer.from('v2')]);
const SAFE = { allowed_mentions: { parse: [] } };
let fake: FakeDiscord;
let rest: REST;
let ch = 1_300_000_000_000_001_000n;
const channel = () => (ch++).toString();

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN }).start();
  rest = new REST({ version: '10', api: fake.apiUrl, retries: 0 }).setToken(TOKEN);
});
afterAll(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await fake.stop();
});

const chartEmbed = (description: string) => ({ title: 'BTC cascade', description, image: { url: 'attachment://chart.png' } });
const post = (c: string, body: Record<string, unknown>, files: Array<{ name: string; data: Buffer }> = []) => rest.post(Routes.channelMessages(c), { body: { ...SAFE, ...body }, files }) as Promise<APIMessage>;
const patch = (c: string, id: string, body: Record<string, unknown>, files: Array<{ name: string; data: Buffer }> = []) => rest.patch(Routes.channelMessage(c, id), { body: { ...SAFE, ...body }, files }) as Promise<APIMessage>;

async function apiError(p: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DiscordAPIError);
  return err as DiscordAPIError;
}

describe('an embed that shows its chart (attachment://chart.png)', () => {
  it('shows the upload inside the embed, not as a loose file, and returns the attachment URL in place of attachment://', async () => {
    const c = channel();
    const m = await post(c, { embeds: [chartEmbed('−5%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: PNG }]);
    expect(m.embeds[0].image?.url).toBe(m.attachments[0].url);
    const v = fake.view(m.id);
    expect(v.embeds[0].image).toEqual({ filename: 'chart.png', bytes: PNG });
    expect(v.files).toEqual([]);
  });

  it('keeps the chart when an edit sends new embeds still naming attachment://chart.png and omits `attachments`', async () => {
    const c = channel();
    const m = await post(c, { embeds: [chartEmbed('−5%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: PNG }]);
    await patch(c, m.id, { embeds: [chartEmbed('−8%, cascade')] });
    expect(fake.view(m.id)).toMatchObject({ embeds: [{ description: '−8%, cascade', image: { filename: 'chart.png', bytes: PNG } }], files: [], edits: 1 });
  });

  it('loses the chart from the embed when the edit drops the image: the upload is then shown loose under the message', async () => {
    const c = channel();
    const m = await post(c, { embeds: [chartEmbed('−5%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: PNG }]);
    await patch(c, m.id, { embeds: [{ title: 'BTC cascade', description: '−8%' }] });
    const v = fake.view(m.id);
    expect(v.embeds[0].image).toBeUndefined();
    expect(v.files).toEqual([{ filename: 'chart.png', bytes: PNG }]);
  });

  it('replaces the chart when the edit lists only the new upload in `attachments` (API v10: the list is what remains)', async () => {
    const c = channel();
    const m = await post(c, { embeds: [chartEmbed('−5%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: PNG }]);
    const e = await patch(c, m.id, { embeds: [chartEmbed('−9%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: NEW_PNG }]);
    expect(e.attachments).toHaveLength(1);
    expect(e.attachments[0].id).not.toBe(m.attachments[0].id);
    expect(fake.view(m.id)).toMatchObject({ embeds: [{ image: { bytes: NEW_PNG } }], files: [] });
  });

  it('drops the image when `attachments: []` removed the file the embed names (nothing is shown)', async () => {
    const c = channel();
    const m = await post(c, { embeds: [chartEmbed('−5%')], attachments: [{ id: 0, filename: 'chart.png' }] }, [{ name: 'chart.png', data: PNG }]);
    const dropped = fake.state.counters.droppedImages;
    const e = await patch(c, m.id, { embeds: [chartEmbed('−9%')], attachments: [] });
    expect(e.attachments).toEqual([]);
    expect(e.embeds[0].image).toBeUndefined();
    expect(fake.state.counters.droppedImages - dropped).toBe(1);
  });

  it('keeps an existing attachment listed by id, appends uploads when `attachments` is omitted, refuses an unknown id', async () => {
    const c = channel();
    const m = await post(c, { content: 'files' }, [{ name: 'chart.png', data: PNG }]);
    const kept = await patch(c, m.id, { content: 'kept', attachments: [{ id: m.attachments[0].id }] });
    expect(kept.attachments.map((a) => a.id)).toEqual([m.attachments[0].id]);
    const appended = await patch(c, m.id, { content: 'appended' }, [{ name: 'second.png', data: NEW_PNG }]);
    expect(appended.attachments.map((a) => a.filename)).toEqual(['chart.png', 'second.png']);
    const err = await apiError(patch(c, m.id, { attachments: [{ id: '999999999999999999' }] }));
    expect([err.status, err.code]).toEqual([400, 50035]);
  });

  it('drops an image whose attachment:// names no file of the message, on create too', async () => {
    const m = await post(channel(), { embeds: [chartEmbed('no upload')] });
    expect(m.embeds[0].image).toBeUndefined();
    expect(fake.view(m.id).embeds[0].image).toBeUndefined();
  });
});

describe('limits, at and over each (400 50035 Invalid Form Body)', () => {
  const embed = (e: Record<string, unknown>) => ({ embeds: [e] });
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['content', { content: 'x'.repeat(LIMIT.content) }, { content: 'x'.repeat(LIMIT.content + 1) }],
    ['title', embed({ title: 'x'.repeat(LIMIT.title) }), embed({ title: 'x'.repeat(LIMIT.title + 1) })],
    ['description', embed({ description: 'x'.repeat(LIMIT.description) }), embed({ description: 'x'.repeat(LIMIT.description + 1) })],
    ['fields', embed({ fields: Array.from({ length: LIMIT.fields }, () => ({ name: 'n', value: 'v' })) }), embed({ fields: Array.from({ length: LIMIT.fields + 1 }, () => ({ name: 'n', value: 'v' })) })],
    ['footer', embed({ footer: { text: 'x'.repeat(LIMIT.footer) } }), embed({ footer: { text: 'x'.repeat(LIMIT.footer + 1) } })],
    ['6,000 in total', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2000) }] }, { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] }],
  ];
  it.each(cases)('%s', async (_name, atLimit, over) => {
    const c = channel();
    await post(c, atLimit);
    const err = await apiError(post(c, over));
    expect([err.status, err.code]).toEqual([400, 50035]);
  });

  it('allowed_mentions: refuses parse values Discord does not know and parse "users" together with a users list', async () => {
    const c = channel();
    expect((await apiError(post(c, { content: 'x', allowed_mentions: { parse: ['here'] } }))).code).toBe(50035);
    const both = await apiError(post(c, { content: 'x', allowed_mentions: { parse: ['users'], users: ['1000000000000000042'] } }));
    expect((both.rawError as { errors: Record<string, unknown> }).errors).toHaveProperty('allowed_mentions');
  });
});

describe('enforce_nonce', () => {
  it('returns the first message for the same nonce within the window, and posts anew once the window passed (fake clock)', async () => {
    const c = channel();
    const a = await post(c, { content: 'alert', nonce: 'alert-42', enforce_nonce: true });
    const b = await post(c, { content: 'alert', nonce: 'alert-42', enforce_nonce: true });
    expect(b.id).toBe(a.id);
    fake.clock.advance(fake.state.nonceWindowMs + 1);
    const d = await post(c, { content: 'alert', nonce: 'alert-42', enforce_nonce: true });
    expect(d.id).not.toBe(a.id);
    expect(fake.postedTo(c)).toHaveLength(2);
  });
});
