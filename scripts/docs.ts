/** Regenerate the README's config reference from the zod schema (`npm run docs`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { configReference, REFERENCE_BEGIN, REFERENCE_END } from '../src/run/config-reference.js';

const path = new URL('../../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const a = readme.indexOf(REFERENCE_BEGIN);
const b = readme.indexOf(REFERENCE_END);
if (a < 0 || b < a) {
  process.stderr.write('README.md: config reference markers not found\n');
  process.exit(1);
}
writeFileSync(path, readme.slice(0, a + REFERENCE_BEGIN.length) + '\n' + configReference() + '\n' + readme.slice(b));
process.stdout.write('README.md: config reference regenerated\n');
