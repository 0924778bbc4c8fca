import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** demo runs `npm run demo -- ARGS` (the CLI itself, through tsx) and collects what it prints. */
function demo(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts', ...args], { cwd: process.cwd() });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const lines = (r: Run) => r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm run demo -- --lang zh --tz Asia/Shanghai', () => {
  let en: Run;
  let zh: Run;
  let human: Run;
  beforeAll(async () => {
    [en, zh, human] = await Promise.all([demo(['--json']), demo(['--json', '--lang', 'zh', '--tz', 'Asia/Shanghai']), demo(['--no-color', '--lang=zh', '--tz=Asia/Shanghai'])]);
  }, 120_000);

  it('changes the texts, never the data: every line\'s data byte-identical to the English run', () => {
    expect([en.code, zh.code]).toEqual([0, 0]);
    const a = lines(en);
    const b = lines(zh);
    expect(b).toHaveLength(a.length);
    expect(a.length).toBe(22); // 21 alerts (4 of them open interest and whale, issues 12 and 13) and the summary
    for (let i = 0; i < a.length; i++) {
      expect(JSON.stringify(b[i].data), `line ${i + 1}`).toBe(JSON.stringify(a[i].data));
      for (const k of ['type', 'kind', 'severity', 'symbol', 'ts']) expect(b[i][k]).toEqual(a[i][k]);
      expect(b[i].text).not.toBe(a[i].text);
    }
  });

  it('writes every alert and the summary in Chinese, the BTC $85,000 break at 21:25 UTC+8', () => {
    const out = lines(zh);
    const btc = out.find((l) => l.kind === 'level_break' && l.symbol === 'BTC')!;
    expect(btc.title).toBe('BTC 跌破 85,000 美元');
    expect(btc.text).toBe('BTC 于 2026-01-29 21:25 UTC+8 跌破 85,000 美元关口，综合价 84,989 美元（5 家交易所中位数）。');
    for (const l of out) expect(String(l.text)).not.toMatch(/\$|\b(liquidated|breaks|falls|longs?|shorts?|venues?)\b/);
    const summary = out.at(-1)!;
    expect(summary.title).toBe('暴跌复盘：BTC −4.3%，ETH −6.7%，爆仓 6.14 亿美元，多单占 91%');
    expect(summary.text).toContain('21:25 UTC+8 跌破 85,000 美元');
  });

  it('prints the terminal form in Chinese on Beijing time', () => {
    expect(human.code).toBe(0);
    expect(human.out).toContain('2026-01-29 21:25 UTC+8  警告     level_break       BTC 跌破 85,000 美元  （连环爆仓的一部分）');
    expect(human.out).toContain('\n暴跌复盘：BTC −4.3%，ETH −6.7%，爆仓 6.14 亿美元，多单占 91%\n');
    expect(human.out).toContain('\n后市关注\n');
  });

  it('refuses an unknown language or zone with the reason and the usage, exit 2', async () => {
    const [lang, tz] = await Promise.all([demo(['--lang', 'fr']), demo(['--tz', 'Beijing'])]);
    expect(lang.code).toBe(2);
    expect(lang.err).toMatch(/^demo: --lang\/--tz: unknown language "fr": expected one of en, zh\n/);
    expect(tz.code).toBe(2);
    expect(tz.err).toMatch(/unknown time zone "Beijing": expected an IANA zone such as Asia\/Shanghai/);
    expect(tz.err).toContain('--tz ZONE');
  });
});
