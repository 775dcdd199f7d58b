// A small SVG line chart for BENCHMARKS.md (GitHub renders committed SVG files inline): x on a log scale
// (concurrency, stored conversations), y linear from zero, one coloured line with dots per series.

/** `colour`: index into the palette (default: the series' own index), so p50 and p99 of one bot match. */
export type Series = { name: string; points: Array<[number, number]>; dashed?: boolean; colour?: number };
export type ChartSpec = { title: string; xLabel: string; yLabel: string; series: Series[] };

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 64, right: 180, top: 40, bottom: 52 };
const COLOURS = ['#0F6CBD', '#C4314B', '#13A10E', '#8764B8', '#CA5010', '#4F6BED'];

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Renders the chart as a standalone SVG document. */
export function lineChart(spec: ChartSpec): string {
  const xs = [...new Set(spec.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const yMax = niceCeiling(Math.max(1e-9, ...spec.series.flatMap((s) => s.points.map(([, y]) => y))));
  const [lo, hi] = [Math.log10(xs[0] ?? 1), Math.log10(xs.at(-1) ?? 10)];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const px = (x: number): number => PAD.left + (hi === lo ? plotW / 2 : ((Math.log10(x) - lo) / (hi - lo)) * plotW);
  const py = (y: number): number => PAD.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="22" font-size="14" font-weight="bold">${escape(spec.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${round(py(y))}" y2="${round(py(y))}" stroke="#ddd"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${round(py(y) + 4)}" text-anchor="end">${formatNumber(y)}</text>`);
  }
  for (const x of xs) parts.push(`<text x="${round(px(x))}" y="${PAD.top + plotH + 18}" text-anchor="middle">${formatNumber(x)}</text>`);
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escape(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(spec.yLabel)}</text>`);
  spec.series.forEach((series, i) => {
    const colour = COLOURS[(series.colour ?? i) % COLOURS.length] ?? '#000';
    const path = series.points.map(([x, y]) => `${round(px(x))},${round(py(y))}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of series.points) parts.push(`<circle cx="${round(px(x))}" cy="${round(py(y))}" r="3" fill="${colour}"/>`);
    const ly = PAD.top + 10 + i * 20;
    parts.push(`<line x1="${WIDTH - PAD.right + 16}" x2="${WIDTH - PAD.right + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${WIDTH - PAD.right + 42}" y="${ly + 4}">${escape(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** 1, 2 or 5 times a power of ten, at or above `n`. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= n) ?? 10 * power);
}

function formatNumber(n: number): string {
  if (n >= 1000) return `${round(n / 1000)}k`;
  return n >= 10 || n === 0 ? String(Math.round(n)) : round(n);
}
