import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFor } from '../../src/app/chart.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import { LIQ_BOX, PRICE_BOX, THEME } from '../../src/render/chart-model.js';
import { Engine } from '../../src/rules/engine.js';
import { countColor, decodePng, ihdr } from '../render/png.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';

describe('the demo day chart (engine history → chart data → PNG)', () => {
  it('draws the BTC crash: the price line, the broken level, long bars dwarfing shorts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-chart-'));
    generateDay(join(dir, 'day.ndjson'));
    const engine = new Engine(DEFAULT_RULES);
    readEvents(join(dir, 'day.ndjson'), (e) => engine.ingest(e), () => {});
    const png = chartFor(engine, 86_400_000, DEFAULT_LOCALE)!;
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/demo-day-chart.png', png);
    expect(ihdr(png)).toMatchObject({ width: 1200, height: 700 });
    const img = decodePng(png);
    const price = { x0: PRICE_BOX.x0, y0: PRICE_BOX.y0, x1: PRICE_BOX.x1, y1: PRICE_BOX.y1 };
    const liq = { x0: LIQ_BOX.x0, y0: LIQ_BOX.y0, x1: LIQ_BOX.x1, y1: LIQ_BOX.y1 };
    expect(countColor(img, THEME.series[0], price)).toBeGreaterThan(500);
    const longs = countColor(img, THEME.long, liq);
    const shorts = countColor(img, THEME.short, liq);
    expect(longs).toBeGreaterThan(5 * shorts);
  });
});
