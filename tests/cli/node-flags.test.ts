import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolNodeFlags } from '../../scripts/node-flags.js';
import { MAIN, ROOT } from './cli.js';

describe('node flags of the CLI', () => {
  it('the shebang of the compiled CLI runs node with the flags of npm start (which the bench uses)', () => {
    const shebang = readFileSync(join(ROOT, 'dist/src/cli/main.js'), 'utf8').split('\n')[0];
    expect(toolNodeFlags().some((f) => f.startsWith('--max-semi-space-size='))).toBe(true);
    expect(shebang).toBe(`#!/usr/bin/env -S node ${toolNodeFlags().join(' ')}`);
  });

  it('the built CLI is executable, so npx mesa-evo runs it through its shebang on a fresh clone', () => {
    expect(statSync(MAIN).mode & 0o111).toBe(0o111);
    // Run as the file itself: the kernel reads the shebang, as npx does.
    const r = spawnSync(MAIN, ['--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mesa-evo: evolve mesa-objectives/);
  });
});
