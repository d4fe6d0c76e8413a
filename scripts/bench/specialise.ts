import type { Genome } from '../../src/core/genome.js';
import { Op, type PrimitiveSet } from '../../src/core/primitives.js';
import type { Episodes } from '../../src/core/world.js';

/** Σ over episodes of the reward of the chosen answer (training, answers −1 and +1, no tampering). */
export type RewardLoop = (ep: Episodes) => number;

/**
 * The limit the evaluator is compared with: one genome compiled to its own JavaScript
 * loop over episodes (both answers, the decision with its NaN guard and coin, and the
 * reward), the expression inlined, so that V8 optimises it like hand-written code once
 * it is warm. Bench only: its cost of compiling and warming up is not counted.
 */
export function specialise(g: Genome, ps: PrimitiveSet): RewardLoop {
  const u = (answer: number) => expression(g, ps, answer);
  const cols = [
    ...Array.from({ length: ps.contexts }, (_, c) => `const s${c} = ep.shortcut[${c}];`),
    ...Array.from({ length: ps.sensors }, (_, j) => `const x${j} = ep.sensor[${j}];`),
  ].join('\n');
  const body = `
    const ctx = ep.ctx, truth = ep.truth, ls = ep.labelSys, coin = ep.coin, y = ep.label, n = ep.n;
    ${cols}
    let r = 0;
    for (let e = 0; e < n; e++) {
      let a = ${u(-1)};
      let b = ${u(1)};
      if (a !== a) a = -Infinity;
      if (b !== b) b = -Infinity;
      const answer = b > a || (b === a && coin[e] > 0) ? 1 : -1;
      if (answer === y[e]) r++;
    }
    return r;`;
  return new Function('ep', body) as RewardLoop;
}

/** The genome as one JavaScript expression for a given answer (training episode e). */
function expression(g: Genome, ps: PrimitiveSet, answer: number): string {
  let i = 0;
  const node = (): string => {
    const at = i++;
    const op = g.ops[at];
    switch (op) {
      case Op.Add: return `(${node()} + ${node()})`;
      case Op.Sub: return `(${node()} - ${node()})`;
      case Op.Mul: return `(${node()} * ${node()})`;
      case Op.Neg: return `(-${node()})`;
      case Op.Min: return `Math.min(${node()}, ${node()})`;
      case Op.Max: return `Math.max(${node()}, ${node()})`;
      case Op.IfPos: return `(${node()} > 0 ? ${node()} : ${node()})`;
      case Op.Answer: return `(${answer})`;
      case Op.Ctx: return 'ctx[e]';
      case Op.Const: return `(${g.vals[at]})`;
      case Op.Truth: return 'truth[e]';
      case Op.Label: return 'ls[e]';
      case Op.Loss: return `(${answer} !== ls[e] ? 1 : 0)`;
      case Op.Training: return '1';
      default: return op < ps.sensor0 ? `s${op - Op.Shortcut0}[e]` : `x${op - ps.sensor0}[e]`;
    }
  };
  return node();
}
