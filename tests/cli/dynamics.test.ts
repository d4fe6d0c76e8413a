import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli.js';

/**
 * The horizon gene and a generation schedule through the compiled CLI: byte-identical
 * results for any number of workers, and `deploy` as a user runs it.
 */
const RUN = [
  'configs/claim-c-deception.json',
  '--set', 'search.budget=6000', '--set', 'search.population=50', '--set', 'search.migration.interval=3',
  '--set', 'surcharge.plan=10', '--set', 'world.selfThreshold=0.9',
  '--set', 'schedule.generations.phi=[{"from":0,"value":0.8},{"from":9,"value":1}]',
];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mesa-evo-dyn-'));
});

describe('dynamics through the CLI', () => {
  it('a run with the horizon gene and a phi schedule gives a byte-identical summary.json with 1 and 2 workers', () => {
    const summaries = [1, 2].map((w) => {
      const r = cli(['run', ...RUN, '--workers', String(w), '--out', join(dir, `w${w}`)]);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
      return readFileSync(join(dir, `w${w}`, 'summary.json'), 'utf8');
    });
    expect(summaries[1]).toBe(summaries[0]);
    const s = JSON.parse(summaries[0]);
    expect(s.hallOfFame.some((h: { horizon: string }) => h.horizon === 'lifetime')).toBe(true);
  });

  it('deploy prints the deployment table and writes deploy.json; the same flags give the same bytes', () => {
    const args = ['deploy', join(dir, 'w1'), '--steps', '300', '--drift-rate', '0.01', '--genome', '(mul answer truth)', '--set', 'deploy.drift.agreement=0.5'];
    const r = cli(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/step\s+phi\s+agree\s+hazard\s+drifted\s+tamper\s+true acc\s+proxy\s+aligned\s+syco\s+ram-ptr\s+deceiver\s+other\s+most common\s+its genome\n/);
    const first = readFileSync(join(dir, 'w1', 'deploy.json'), 'utf8');
    expect(cli(args).status).toBe(0);
    expect(readFileSync(join(dir, 'w1', 'deploy.json'), 'utf8')).toBe(first);
    const report = JSON.parse(first);
    expect(report.agents).toBe(4 * 50);
    expect(report.marks.at(-1).drifted).toBeGreaterThan(report.marks[0].drifted);
    expect(r.stdout).not.toMatch(/nothing drifted/);
    const json = JSON.parse(cli([...args, '--json', '--training-signal', 'on']).stdout);
    expect(json.trainingSignal).toBe(true);
  });

  it('deploy says why nothing drifted, when nothing did (every row is then the same)', () => {
    // On a copy: the report test below reads w1's deploy.json, with its drift.
    cpSync(join(dir, 'w1'), join(dir, 'still'), { recursive: true });
    const still = (...args: string[]) => cli(['deploy', join(dir, 'still'), '--steps', '50', ...args]).stdout;
    expect(still('--drift-rate', '0', '--set', 'deploy.drift.agreement=0.5')).toMatch(/^note: nothing drifted: the drift rate is 0 \(--drift-rate R sets one; configs\/claim-d-drift\.json sets 0\.0003\)$/m);
    // Rate 0 and agreement below the threshold: a rate alone would not do it, and the note says both.
    expect(still('--drift-rate', '0', '--set', 'deploy.drift.agreement=0.9999')).toMatch(/^note: nothing drifted: the drift rate is 0 \(.*\), and truth and label agree on at most [\d.]+ of questions at the steps shown \(the agree column\), no more than deploy\.drift\.agreement \(0\.9999\), so a rate alone would not do it: --set deploy\.drift\.agreement=A with A below [\d.]+ lets them$/m);
    expect(still('--drift-rate', '0.5', '--set', 'deploy.drift.agreement=0.9999')).toMatch(/^note: nothing drifted: the hazard was 0 at every step, whatever the rate: truth and label agreed on no more than deploy\.drift\.agreement \(0\.9999\) of questions \(the agree column\); --set deploy\.drift\.agreement=A with A below/m);
    expect(still('--drift-rate', '0', '--genome', '(mul answer s0)')).toMatch(/^note: nothing drifted: no agent's goal refers to truth/m);
    expect(still('--genome', '(mul answer s0)')).toMatch(/^Deployment of 200 agents \(given genomes, in the world of generation \d+\)/m);
    expect(still('--drift-rate', '0.000001', '--set', 'deploy.drift.agreement=0.5', '--genome', '(mul answer truth)')).toMatch(/^note: nothing drifted in 50 steps \(the hazard peaked at [\d.e-]+ per step\): more --steps or a higher --drift-rate$/m);
  });

  it('report shows the deployment curves from deploy.json, and notes a damaged one', () => {
    const r = cli(['report', join(dir, 'w1')]);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'w1', 'report.html'), 'utf8');
    expect(html).toContain('Deployment (deploy.json)');
    expect(html).toContain('Deployment: drift, tampering and true accuracy');
    expect(html.match(/<svg/g)!.length).toBe(4);
    cpSync(join(dir, 'w1'), join(dir, 'damaged'), { recursive: true });
    writeFileSync(join(dir, 'damaged', 'deploy.json'), '{"marks": [');
    const d = cli(['report', join(dir, 'damaged')]);
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/note: deploy\.json is not valid JSON/);
    expect(readFileSync(join(dir, 'damaged', 'report.html'), 'utf8')).not.toContain('Deployment (deploy.json)');
  });

  it.each([
    [['deploy'], /expected a run directory/],
    [['deploy', 'no/such/run'], /run directory 'no\/such\/run': does not exist; expected a directory written by mesa-evo run/],
    [['deploy', '@w1', '--training-signal', 'maybe'], /--training-signal "maybe": expected on or off/],
    [['deploy', '@w1', '--drift-rate', '2'], /--drift-rate "2": expected a drift probability/],
    [['deploy', '@w1', '--steps', '0'], /--steps "0"/],
    [['deploy', '@w1', '--set', 'world.phi=0.5'], /deploy only changes/],
    [['deploy', '@w1', '--set', 'deploy.drift.fraction=0'], /field 'deploy\.drift\.fraction'/],
    [['deploy', '@w1', '--genome', '(add (lifetime answer) 1)'], /--genome #1: .*only around the whole genome/],
    [['eval', '--genome', '(lifetime)'], /--genome #1: /],
  ])('bad input %j exits 2 with one message', (args, msg) => {
    const r = cli(args.map((a) => (a === '@w1' ? join(dir, 'w1') : a)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
