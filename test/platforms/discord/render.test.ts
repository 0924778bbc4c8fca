import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RichMessage } from '../../../src/chat/message.js';
import { DiscordPlatform } from '../../../src/platforms/discord/platform.js';
import { renderLine, renderMessage } from '../../../src/platforms/discord/render.js';
import { escapeMarkdown, neutralise, truncate } from '../../../src/platforms/discord/text.js';
import { FakeDiscord } from '../../fakes/discord/server.js';
import { validateMessage } from '../../fakes/discord/validate.js';

const a = (n: number) => 'a'.repeat(n);

function total(embeds: APIEmbed[]): number {
  return embeds.reduce((s, e) => s + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((f, x) => f + x.name.length + x.value.length, 0), 0);
}

/** markdownStrings are the embed texts Discord renders as markdown (footers are plain text). */
function markdownStrings(embeds: APIEmbed[]): string[] {
  return embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
}

function strings(embeds: APIEmbed[]): string[] {
  return [...markdownStrings(embeds), ...embeds.map((e) => e.footer?.text ?? '')];
}

/** liveMention finds anything Discord would turn into a ping or a mention pill. */
function liveMention(s: string): RegExpMatchArray | null {
  return s.match(/@(everyone|here)|<@[!&]?\d+>|<#\d+>|<\/[\w-]+:\d+>/i);
}

function rendersClean(msg: RichMessage) {
  const p = renderMessage(msg);
  expect(validateMessage({ ...p.body, hasFiles: p.files.length > 0 }, { requireSomething: true })).toEqual([]);
  expect(p.body.allowed_mentions).toEqual({ parse: [] });
  return p;
}

describe('renderMessage limits (at and over each)', () => {
  const cases: Array<{ name: string; msg: RichMessage; check: (e: APIEmbed[]) => void }> = [
    { name: 'title at 256', msg: { title: a(256), blocks: [] }, check: (e) => expect(e[0].title).toBe(a(256)) },
    { name: 'title at 257', msg: { title: a(257), blocks: [] }, check: (e) => expect(e[0].title).toBe(`${a(255)}…`) },
    { name: 'footer at 2048', msg: { title: 't', blocks: [], footer: a(2048) }, check: (e) => expect(e[0].footer?.text).toBe(a(2048)) },
    { name: 'footer at 2049', msg: { title: 't', blocks: [], footer: a(2049) }, check: (e) => expect(e[0].footer?.text).toBe(`${a(2047)}…`) },
    { name: 'field name 256, value 1024', msg: { title: 't', blocks: [{ type: 'fields', fields: [{ name: a(256), value: a(1024) }] }] }, check: (e) => expect(e[0].fields).toEqual([{ name: a(256), value: a(1024) }]) },
    { name: 'field name 257, value 1025', msg: { title: 't', blocks: [{ type: 'fields', fields: [{ name: a(257), value: a(1025) }] }] }, check: (e) => expect(e[0].fields).toEqual([{ name: `${a(255)}…`, value: `${a(1023)}…` }]) },
    { name: 'description at 4096', msg: { title: '', blocks: [{ type: 'text', text: a(4096) }] }, check: (e) => expect(e.map((x) => x.description)).toEqual([a(4096)]) },
    { name: 'description at 4097 continues in a second embed, nothing lost', msg: { title: '', blocks: [{ type: 'text', text: a(4097) }] }, check: (e) => {
      expect(e).toHaveLength(2);
      expect(e.map((x) => x.description).join('')).toBe(a(4097));
    } },
    { name: '25 fields in one embed', msg: { title: 't', blocks: [{ type: 'fields', fields: Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }] }, check: (e) => expect(e.map((x) => x.fields?.length)).toEqual([25]) },
    { name: '26 fields spill into a second embed', msg: { title: 't', blocks: [{ type: 'fields', fields: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }] }, check: (e) => expect(e.map((x) => x.fields?.length)).toEqual([25, 1]) },
    { name: 'total at 6000 exactly', msg: { title: a(100), blocks: [{ type: 'text', text: a(5900) }] }, check: (e) => {
      expect(total(e)).toBe(6000);
      expect(e.map((x) => x.description ?? '').join('')).toBe(a(5900));
    } },
    { name: 'total at 6001 cut to 6000 with an ellipsis', msg: { title: a(100), blocks: [{ type: 'text', text: a(5901) }] }, check: (e) => {
      expect(total(e)).toBe(6000);
      expect(e[e.length - 1].description?.endsWith('…')).toBe(true);
    } },
    { name: 'total is shared by fields and footer', msg: { title: a(256), footer: a(2048), blocks: [{ type: 'fields', fields: Array.from({ length: 60 }, () => ({ name: a(256), value: a(1024) })) }] }, check: (e) => {
      expect(total(e)).toBeLessThanOrEqual(6000);
      expect(e[e.length - 1].footer?.text).toBe(a(2048));
    } },
    { name: 'more than 10 embeds worth of blocks stops at 10', msg: { title: 't', blocks: Array.from({ length: 12 }, () => [{ type: 'fields' as const, fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'v' })) }, { type: 'text' as const, text: 'x' }]).flat() }, check: (e) => expect(e).toHaveLength(10) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = rendersClean(c.msg);
      c.check(p.body.embeds);
    });
  }

  it('keeps block order: text, fields, then later text in the next embed; footer and image on the last', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const p = rendersClean({ title: 'T', severity: 'critical', footer: 'f', image: { png, filename: 'chart.png' }, blocks: [
      { type: 'heading', text: 'Levels' }, { type: 'list', items: ['one', 'two'] }, { type: 'fields', fields: [{ name: 'n', value: 'v', inline: true }] }, { type: 'text', text: 'after' },
    ] });
    expect(p.body.embeds).toEqual([
      { title: 'T', color: 0xe53935, description: '**Levels**\n\n• one\n• two', fields: [{ name: 'n', value: 'v', inline: true }] },
      { color: 0xe53935, description: 'after', footer: { text: 'f' }, image: { url: 'attachment://chart.png' } },
    ]);
    expect(p.body.attachments).toEqual([{ id: 0, filename: 'chart.png' }]);
    expect(p.files).toEqual([{ name: 'chart.png', data: png, contentType: 'image/png' }]);
  });

  it('colours by severity: info blue, warning amber, critical red', () => {
    const colour = (severity: RichMessage['severity']) => renderMessage({ title: 't', severity, blocks: [] }).body.embeds[0].color;
    expect([colour('info'), colour('warning'), colour('critical'), colour(undefined)]).toEqual([0x3498db, 0xffbf00, 0xe53935, undefined]);
  });

  it('sanitises the image name and drops an image over the 10 MiB file limit', () => {
    const png = Buffer.from([1]);
    expect(renderMessage({ title: 't', blocks: [], image: { png, filename: 'my chart.png' } }).files[0].name).toBe('my_chart.png');
    expect(renderMessage({ title: 't', blocks: [], image: { png, filename: '../../etc/passwd' } }).files[0].name).toBe('chart.png');
    const big = renderMessage({ title: 't', blocks: [], image: { png: Buffer.alloc(10 * 1024 * 1024 + 1), filename: 'chart.png' } });
    expect(big.files).toEqual([]);
    expect(big.body.embeds[0].image).toBeUndefined();
  });

  it('never sends an empty message or a blank field', () => {
    const p = rendersClean({ title: '  ', blocks: [{ type: 'fields', fields: [{ name: ' ', value: '' }] }] });
    expect(p.body.embeds[0].fields).toEqual([{ name: '—', value: '—' }]);
    expect(rendersClean({ title: '', blocks: [] }).body.embeds[0].description).toBe('—');
  });

  it('renderLine caps content at 2000 and escapes it', () => {
    expect(renderLine(a(2001)).body.content).toBe(`${a(1999)}…`);
    expect(renderLine('use /mute 2h pct_move').body).toEqual({ content: 'use /mute 2h pct\\_move', embeds: [], allowed_mentions: { parse: [] } });
  });
});

describe('text helpers', () => {
  it.each([
    ['@everyone', '@\u200beveryone'], ['@HERE now', '@\u200bHERE now'], ['<@123>', '<@\u200b123>'], ['<@!123>', '<@!\u200b123>'],
    ['<@&456>', '<@&\u200b456>'], ['<#789>', '<#\u200b789>'], ['</subscribe:1>', '</\u200bsubscribe:1>'], ['a\u202eb\u2066c\u2069', 'abc'],
  ])('neutralise(%j)', (input, out) => expect(neutralise(input)).toBe(out));

  it.each([
    ['**bold** _i_ ~~s~~ `c` ||sp||', '\\*\\*bold\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\|'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['# h\n> q\n- l\n-# sub\n12. n', '\\# h\n\\> q\n\\- l\n\\-# sub\n12\\. n'],
    ['a\\b', 'a\\\\b'], ['85,000 (1h) -3.2%', '85,000 (1h) -3.2%'], ['-3.2%\n12.5\n#1', '-3.2%\n12.5\n#1'], ['## h\n>>> q', '\\## h\n\\>>> q'],
  ])('escapeMarkdown(%j)', (input, out) => expect(escapeMarkdown(input)).toBe(out));

  it('truncate never splits a surrogate pair or leaves an escaping backslash', () => {
    expect(truncate('😀😀😀', 4)).toBe('😀…');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

const CORPUS = [
  '@everyone', '@here', 'ping @everyone and @here now', '<@123456789012345678>', '<@!123456789012345678>', '<@&456456456456456456>',
  '<#789789789789789789>', '</subscribe:1100000000000000001>', '**bold** __under__ ~~strike~~ `code` ```block``` ||spoiler||',
  '# heading\n> quote\n- list\n-# subtext\n1. numbered', '[click me](javascript:alert(1))', '[docs](https://evil.example/@everyone)',
  'javascript:alert(document.cookie)', 'zero\u200bwidth\u200c\u200d\u2060\ufeffjoin @\u200beveryone', '\u202eevil override\u202c @everyone',
  '\u2067isolate\u2069 <@\u200b1>', 'שלום עולם مرحبا', 'x'.repeat(5000), '@everyone '.repeat(600), '\\'.repeat(3000), '😀'.repeat(3000),
  '<@123>'.repeat(900), '*'.repeat(4000), '\n'.repeat(100), '   ',
];

function corpusMessage(s: string): RichMessage {
  return {
    title: s, severity: 'critical', footer: s,
    blocks: [{ type: 'heading', text: s }, { type: 'text', text: s }, { type: 'list', items: [s, s] }, { type: 'fields', fields: [{ name: s, value: s, inline: true }, { name: s, value: s }] }],
    image: { png: Buffer.from([0x89, 0x50, 0x4e, 0x47]), filename: 'chart.png', alt: s },
  };
}

describe('injection corpus', () => {
  it.each(CORPUS.map((s) => [s.slice(0, 40), s]))('%j renders within limits with no live mention, masked link or bidi control', (_n, s) => {
    const p = rendersClean(corpusMessage(s));
    for (const str of strings(p.body.embeds)) {
      expect(liveMention(str)).toBeNull();
      expect(str).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
    for (const str of markdownStrings(p.body.embeds)) expect(str).not.toMatch(/(^|[^\\])(\\\\)*\]\(/);
    expect(total(p.body.embeds)).toBeLessThanOrEqual(6000);
  });

  describe('at the fake Discord', () => {
    let fake: FakeDiscord;
    let platform: DiscordPlatform;
    beforeAll(async () => {
      fake = await new FakeDiscord({ token: 'render-test-token' }).start();
      platform = new DiscordPlatform({ token: 'render-test-token', restUrl: fake.apiUrl });
    });
    afterAll(async () => {
      platform.close();
      await fake.stop();
    });

    it('every corpus message is accepted: zero limit errors, zero mentions', async () => {
      for (const s of CORPUS) await platform.send('1300000000000000009', corpusMessage(s));
      expect(fake.messages).toHaveLength(CORPUS.length);
      expect(fake.state.counters.formErrors).toBe(0);
      expect(fake.state.counters.mentionViolations).toBe(0);
      for (const m of fake.messages) for (const str of strings(m.embeds)) expect(liveMention(str)).toBeNull();
    });
  });
});
