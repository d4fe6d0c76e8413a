import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/cli.js';

/**
 * report.html opened in Debian's headless Chromium (never a downloaded browser): the
 * charts must have rendered, with data points that take up space on the page.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

let work: string;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  work = mkdtempSync(join(tmpdir(), 'mesa-evo-report-'));
  const tiny = { train: { contexts: 6, episodes: 200 }, deploy: { episodes: 200 }, search: { islands: 2, population: 30, budget: 1200, temperature: 3, migration: { interval: 5 } } };
  writeFileSync(join(work, 'sweep.json'), JSON.stringify({ base: tiny, seeds: 2, axes: [{ key: 'labeller.tau', values: [1, 2] }, { key: 'lambda', values: [0.001, 0.01, 0.03] }] }));
  expect(cli(['sweep', join(work, 'sweep.json'), '--out', join(work, 'sweep'), '--workers', '0']).status).toBe(0);
  expect(cli(['report', join(work, 'sweep', 'cells', 'labeller.tau=1,lambda=0.001', 's1')]).status).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${file}`);
  return { page, requests, errors };
}

describe.skipIf(!haveChromium)('report.html in headless Chromium', () => {
  it('a run: class-share and fitness charts with a point per budget mark, legends and axis labels', async () => {
    const dir = join(work, 'sweep', 'cells', 'labeller.tau=1,lambda=0.001', 's1');
    const marks = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).winners.length;
    const { page, requests, errors } = await open(join(dir, 'report.html'));
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box!.width).toBeGreaterThan(400);
      expect(box!.height).toBeGreaterThan(200);
      expect(await charts.nth(i).locator('.legend-entry').count()).toBeGreaterThanOrEqual(1);
      expect(await charts.nth(i).locator('.axis-label').allTextContents()).toContain('compute budget (genome evaluations, log scale)');
    }
    // Fitness chart: fitness, reward and λ·DL, one point per budget mark each.
    expect(await charts.nth(1).locator('circle.point').count()).toBe(3 * marks);
    const shares = charts.nth(0).locator('g.series');
    expect(await shares.count()).toBeGreaterThanOrEqual(1);
    expect(await shares.first().locator('circle.point').count()).toBe(marks);
    const pt = await charts.nth(0).locator('circle.point').first().boundingBox();
    expect(pt!.width).toBeGreaterThan(4);
    const line = await charts.nth(1).locator('polyline').first().boundingBox();
    expect(line!.width).toBeGreaterThan(100);
    expect(await page.locator('table.fame tr').count()).toBeGreaterThan(5);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a sweep: one heat-map panel per budget with a coloured square per cell, and a cell selector', async () => {
    const dir = join(work, 'sweep');
    const table = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).phaseTable;
    const { page, requests, errors } = await open(join(dir, 'report.html'));
    const maps = page.locator('svg.heatmap');
    expect(await maps.count()).toBe(table.marks.length);
    const endMap = page.locator('svg.heatmap[data-budget="end"]');
    const cells = endMap.locator('rect.cell:not(.empty)');
    expect(await cells.count()).toBe(6);
    for (let i = 0; i < 6; i++) {
      const b = await cells.nth(i).boundingBox();
      expect(b!.width).toBeGreaterThan(30);
      expect(b!.height).toBeGreaterThan(20);
    }
    const first = table.cells[0];
    const endVote = first.byBudget[first.byBudget.length - 1];
    expect(await cells.first().getAttribute('data-class')).toBe(endVote.winner);
    expect(await endMap.locator('.axis-label').allTextContents()).toContain('lambda');
    // The row axis's name has its own line, above the column labels, not over the first of them.
    const rowName = await endMap.locator('.axis-label', { hasText: '↓' }).boundingBox();
    const firstColumn = await endMap.locator('text.tick').first().boundingBox();
    expect(rowName!.y + rowName!.height).toBeLessThanOrEqual(firstColumn!.y);
    // The visible cell section has charts; choosing another cell shows its own.
    expect(await page.locator('section.cell:visible svg.chart').count()).toBe(2);
    await page.selectOption('#cell', table.cells[4].key);
    expect(await page.locator('section.cell:visible').getAttribute('data-cell')).toBe(table.cells[4].key);
    expect(await page.locator('section.cell:visible svg.chart circle.point').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(work, 'sweep-report.png') });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
