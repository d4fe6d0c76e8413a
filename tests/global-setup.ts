import { execFileSync } from 'node:child_process';

/** CLI tests run the compiled tool (dist/), as a user would: build it once before all tests. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
}
