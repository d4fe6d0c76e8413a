import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolNodeFlags } from '../../scripts/node-flags.js';
import { ROOT } from './cli.js';

describe('node flags of the CLI', () => {
  it('the shebang of the compiled CLI runs node with the flags of npm start (which the bench uses)', () => {
    const shebang = readFileSync(join(ROOT, 'dist/src/cli/main.js'), 'utf8').split('\n')[0];
    expect(toolNodeFlags().some((f) => f.startsWith('--max-semi-space-size='))).toBe(true);
    expect(shebang).toBe(`#!/usr/bin/env -S node ${toolNodeFlags().join(' ')}`);
  });
});
