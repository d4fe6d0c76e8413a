import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/cli/package-root.js';
import { ROOT } from './cli.js';

describe('packageRoot', () => {
  it('is the nearest directory above a module with a package.json, at any depth', () => {
    expect(packageRoot(import.meta.url)).toBe(resolve(ROOT));
    const project = mkdtempSync(join(tmpdir(), 'mesa-evo-root-'));
    writeFileSync(join(project, 'package.json'), '{}');
    mkdirSync(join(project, 'dist', 'src', 'cli'), { recursive: true });
    expect(packageRoot(pathToFileURL(join(project, 'dist', 'src', 'cli', 'main.js')).href)).toBe(project);
    expect(packageRoot(pathToFileURL(join(project, 'src', 'cli', 'main.ts')).href)).toBe(project);
  });

  it('names the module when no package.json is above it', () => {
    const bare = mkdtempSync(join(tmpdir(), 'mesa-evo-bare-'));
    // A tmpdir normally has no package.json above it; skip rather than pass vacuously if one does.
    let above = false;
    try {
      packageRoot(pathToFileURL(join(bare, 'x.js')).href);
      above = true;
    } catch (err) {
      expect((err as Error).message).toMatch(/no package\.json above .*x\.js/);
    }
    if (above) console.warn('package-root test: a package.json exists above the temp directory; the error case was not checked');
  });
});
