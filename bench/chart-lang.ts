// npx tsx bench/chart-lang.ts: how much a Chinese chart costs next to an English one (the CJK faces are loaded
// and used only for CJK text; see src/render/cjk-font.ts). Medians of interleaved renders of the same synthetic day.
import { chartTextFor, chartTitle } from '../src/i18n/chart-text.js';
import { renderCrashChart } from '../src/render/chart.js';
import { crashDay } from '../test/render/crash-day.js';

const ZH = { lang: 'zh', tz: 'Asia/Shanghai' } as const;
const day = crashDay();
const zh = { ...day, title: chartTitle(ZH, 'BTC', day.from, day.to), text: chartTextFor(ZH) };
const ROUNDS = 9;
const en: number[] = [];
const cn: number[] = [];
renderCrashChart(day);
renderCrashChart(zh);
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  renderCrashChart(day);
  en.push(performance.now() - t);
  t = performance.now();
  renderCrashChart(zh);
  cn.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log(`crash chart, 1200×700 PNG, median of ${ROUNDS} interleaved renders:`);
console.log(`  en (DejaVu Sans only)            ${med(en).toFixed(0)} ms`);
console.log(`  zh (DejaVu + Noto Sans CJK SC)   ${med(cn).toFixed(0)} ms  (${(med(cn) / med(en)).toFixed(1)}× en)`);
