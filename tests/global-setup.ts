import { execFileSync } from 'node:child_process';

/** CLI tests run the compiled tool (dist/), as a user would: build it once before all tests, as `npm run build` does. */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
