// seedrandom's Alea generator alone (rng.ts): the package's main module also loads node's
// crypto (~35 built-in modules) for auto-seeding, which this tool never uses.
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';
  const alea: typeof seedrandom.alea;
  export default alea;
}
