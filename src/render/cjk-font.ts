/**
 * The CJK font the chart needs for Chinese labels: Noto Sans CJK SC (GB2312 subset, OTF, SIL OFL 1.1) from
 * the `@embedpdf/fonts-sc` package, loaded next to DejaVu Sans only when a chart has CJK text. resvg reads
 * TTF/OTF, not WOFF/WOFF2 (every npm "Noto Sans SC" webfont package ships only those). Shaping a text run
 * with this face costs far more than with DejaVu, so Chinese charts draw Latin in DejaVu and reach the CJK
 * face by fallback (bench/chart-lang.ts prints the cost).
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** CJK_FONT_FAMILY is the family name inside those files, for an SVG `font-family`. */
export const CJK_FONT_FAMILY = 'Noto Sans S Chinese';

/** CJK_FONT_FILES are the regular and bold faces (the package exports only its index, so we go from there to fonts/). */
export const CJK_FONT_FILES: readonly string[] = (() => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  return [join(dir, 'NotoSansHans-Regular.otf'), join(dir, 'NotoSansHans-Bold.otf')];
})();

/** Han ideographs, CJK punctuation and full-width forms: text that DejaVu Sans has no glyphs for. */
const CJK = /[\u2E80-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;

/** needsCjkFont says whether a text (an SVG document) has characters only the CJK font can draw. */
export function needsCjkFont(text: string): boolean {
  return CJK.test(text);
}
