import type { Behaviour } from './behaviour.js';
import { compile } from './compile.js';
import { CountTables } from './count-eval.js';
import { DerivedColumns } from './derived.js';
import { episodeFrame, type Frame } from './frame.js';
import type { GenomeNodes } from './genome.js';
import type { PrimitiveSet } from './primitives.js';
import { ProgramRunner } from './run-program.js';
import type { Episodes } from './world.js';

/**
 * The tool's evaluator of genomes on one set of episodes. Each genome is compiled to a
 * short program of column kernels (compile.ts) and run in cache-sized blocks
 * (run-program.ts), reading columns derived from one input (thresholds such as
 * `(ifpos (sub x0 1) -1 1)`) from a cache (derived.ts); a genome that reads only discrete inputs is run once per distinct
 * combination of what it reads and scored from episode counts (count-eval.ts). Agrees
 * exactly with behaveReference (tests/core/evaluate.test.ts checks it).
 */
export class Evaluator {
  private readonly frame: Frame;
  private readonly runner: ProgramRunner;
  private counts: CountTables | null = null;
  private readonly derived: DerivedColumns;

  /** `block`: rows per block (run-program.ts BLOCK); the bench varies it. */
  constructor(private readonly ps: PrimitiveSet, private readonly ep: Episodes, private readonly tamperable: boolean, block?: number) {
    this.frame = episodeFrame(ps, ep, tamperable);
    this.runner = new ProgramRunner(ep.n, block);
    this.derived = new DerivedColumns(ep.n);
  }

  get episodes(): Episodes {
    return this.ep;
  }

  /** The chosen answer and tamper flag on every episode. */
  behave(g: GenomeNodes): Behaviour {
    return this.runner.behave(compile(g, this.ps, this.frame, this.derived), this.frame);
  }

  /** Mean training reward: equal to score(episodes, behave(g)).reward, bit for bit. */
  reward(g: GenomeNodes): number {
    if (!this.ep.training) return 0;
    // Built on first use: deployment evaluators and one-off `eval`s never need the tables.
    this.counts ??= new CountTables(this.ps, this.ep, this.tamperable);
    const counted = this.counts.frameFor(g);
    const frame = counted ?? this.frame;
    return this.runner.reward(compile(g, this.ps, frame, counted ? undefined : this.derived), frame) / (this.ep.n || 1);
  }
}
