import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelegramHtml } from './html.js';
import { PUBLISHED_LIMITS, RateLimiter } from './limits.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { FakeTelegram } from './server.js';
import { commandMessage } from './updates.js';

describe('parseTelegramHtml (Telegram HTML style, strict)', () => {
  it.each([
    ['plain text', 'hello', 'hello'],
    ['allowed tags', '<b>a</b><strong>b</strong><i>c</i><u>d</u><s>e</s><code>f</code><pre>g</pre>', 'abcdefg'],
    ['nested tags', '<b>bold <i>both</i></b>', 'bold both'],
    ['link with double quotes', '<a href="https://x.org/?a=1&amp;b=2">x</a>', 'x'],
    ['link with single quotes', "<a href='https://x.org'>x</a>", 'x'],
    ['the four named entities', '&lt;&gt;&amp;&quot;', '<>&"'],
    ['numeric entities', '&#60;&#x3E;&#128512;', '<>😀'],
    ['spoiler span and code class', '<span class="tg-spoiler">s</span><pre><code class="language-ts">c</code></pre>', 'sc'],
    ['expandable blockquote', '<blockquote expandable>q</blockquote>', 'q'],
  ])('accepts %s', (_name, html, text) => {
    expect(parseTelegramHtml(html)).toMatchObject({ ok: true, text });
  });

  it('returns entities with UTF-16 offsets, as the Bot API lists them', () => {
    const r = parseTelegramHtml('📉 <b>BTC <i>−5%</i></b> <a href="https://x.org/?a=1&amp;b=2">chart</a> <pre><code class="language-ts">x</code></pre>');
    expect(r).toEqual({
      ok: true, text: '📉 BTC −5% chart x',
      entities: [
        { type: 'bold', offset: 3, length: 7 }, { type: 'italic', offset: 7, length: 3 },
        { type: 'text_link', offset: 11, length: 5, url: 'https://x.org/?a=1&b=2' }, { type: 'pre', offset: 17, length: 1, language: 'ts' },
      ],
    });
  });

  it.each([
    ['an unsupported tag', '<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
    ['<br>', 'a<br>b', 'Unsupported start tag "br"'],
    ['a bare <', 'a < b', 'Unsupported start tag ""'],
    ['a bare >', 'a > b', 'Character ">" must be escaped'],
    ['a bare &', 'R&D', 'Character "&" must be escaped'],
    ['&nbsp;', 'a&nbsp;b', 'Unsupported HTML entity "&nbsp;"'],
    ['an unclosed tag', '<b>x', `Can't find end tag corresponding to start tag "b"`],
    ['crossed tags', '<b><i>x</b></i>', 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ['an end tag without a start', 'x</b>', 'Unexpected end tag'],
    ['an unquoted href', '<a href=https://x.org>x</a>', 'Expected quoted value'],
    ['an unknown attribute', '<b onclick="x">x</b>', 'Unsupported attribute "onclick"'],
    ['a start tag never closed', 'x <b', 'Unclosed start tag'],
    ['byte offsets count UTF-8 bytes', 'é<p>', 'Unsupported start tag "p" at byte offset 2'],
  ])('refuses %s', (_name, html, fragment) => {
    const r = parseTelegramHtml(html);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`Bad Request: can't parse entities: ${fragment}`);
  });
});

describe('RateLimiter (published limits)', () => {
  it('allows a burst of 3 per chat, then about one a second', () => {
    let now = 0;
    const l = new RateLimiter(() => now);
    l.limits = { ...PUBLISHED_LIMITS };
    expect([l.take('1'), l.take('1'), l.take('1'), l.take('1')]).toEqual([null, null, null, 1]);
    now = 1000;
    expect([l.take('1'), l.take('1')]).toEqual([null, 1]);
  });

  it('allows 20 messages a minute in a group, then asks to wait for the oldest to age out', () => {
    let now = 0;
    const l = new RateLimiter(() => now);
    l.limits = { ...PUBLISHED_LIMITS };
    for (let i = 0; i < 20; i++, now += 1000) expect(l.take('-100')).toBeNull();
    expect(l.take('-100')).toBe(40);
    now = 60_001;
    expect(l.take('-100')).toBeNull();
  });

  it('allows 30 messages a second overall across chats', () => {
    const l = new RateLimiter(() => 0);
    l.limits = { ...PUBLISHED_LIMITS };
    for (let i = 0; i < 30; i++) expect(l.take(String(i + 1))).toBeNull();
    expect(l.take('31')).toBe(1);
  });
});

describe('parseMultipart', () => {
  it('keeps text fields and file bytes exactly', () => {
    const bytes = Buffer.from([0, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\ncontent-disposition:form-data; name="chat_id"\r\n\r\n-1001\r\n--XyZ\r\n'),
      Buffer.from('content-disposition:form-data; name="photo"; filename="c.png"\r\n\r\n'),
      bytes,
      Buffer.from('\r\n--XyZ--'),
    ]);
    const parsed = parseMultipart(body, boundaryOf('multipart/form-data; boundary=XyZ')!);
    expect(parsed.fields).toEqual({ chat_id: '-1001' });
    expect(parsed.files.photo.filename).toBe('c.png');
    expect(parsed.files.photo.data.equals(bytes)).toBe(true);
  });
});

describe('FakeTelegram over HTTP', () => {
  const fake = new FakeTelegram({ holdMs: 2000 });
  const call = async (method: string, body: unknown = {}, token = fake.token) => {
    const res = await fetch(`${fake.apiRoot}bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { ok: boolean; result?: any; description?: string; parameters?: any } };
  };
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('answers 401 to a wrong token and 404 to an unknown method', async () => {
    expect((await call('getMe', {}, '1:wrong')).status).toBe(401);
    expect((await call('sendSticker')).status).toBe(404);
  });

  it('enforces text lengths after entity parsing and counts parse errors', async () => {
    expect((await call('sendMessage', { chat_id: 1, text: '&amp;'.repeat(4096), parse_mode: 'HTML' })).status).toBe(200);
    const long = await call('sendMessage', { chat_id: 1, text: 'x'.repeat(4097) });
    expect([long.status, long.body.description]).toEqual([400, 'Bad Request: message is too long']);
    const before = fake.parseErrors;
    expect((await call('sendMessage', { chat_id: 1, text: '<p>x</p>', parse_mode: 'HTML' })).status).toBe(400);
    expect(fake.parseErrors).toBe(before + 1);
  });

  it('holds an empty long poll until an update is pushed, and drops updates once confirmed by offset', async () => {
    const poll = call('getUpdates', { offset: 0, timeout: 50 });
    await fake.waitFor(() => fake.calls('getUpdates').length === 1);
    const id = fake.pushUpdate(commandMessage(5, '/ping'));
    const first = await poll;
    expect(first.body.result.map((u: { update_id: number }) => u.update_id)).toEqual([id]);
    expect((await call('getUpdates', { offset: id, timeout: 0 })).body.result).toHaveLength(1);
    expect((await call('getUpdates', { offset: id + 1, timeout: 0 })).body.result).toEqual([]);
    expect(fake.pendingUpdates).toEqual([]);
  });

  it('answers 409 to getUpdates while a webhook is set', async () => {
    await call('setWebhook', { url: 'https://x.org/hook' });
    expect((await call('getUpdates')).status).toBe(409);
    await call('deleteWebhook');
    expect((await call('getUpdates')).status).toBe(200);
  });

  it('answers a migrated chat with migrate_to_chat_id', async () => {
    fake.failChat(-42, { migrateTo: -10042 });
    const r = await call('sendMessage', { chat_id: -42, text: 'x' });
    expect([r.status, r.body.description, r.body.parameters]).toEqual([400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -10042 }]);
  });
});
