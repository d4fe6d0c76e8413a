import { describe, expect, it } from 'vitest';
import { vote } from '../../src/report/phase-table.js';
import type { MarkView } from '../../src/report/run-dir.js';
import { sexprTree } from '../../src/report/sexpr-tree.js';

describe('majority vote over seeds', () => {
  const m = (winnerClass: MarkView['winnerClass'], fitness: number): MarkView => ({ k: 10, generation: 1, evaluations: 1024, classShares: {}, winnerGenome: 'x', winnerClass, winner: { fitness } as MarkView['winner'] });
  it('takes the class most seeds agree on', () => {
    expect(vote([m('proxy', 0.9), m('aligned', 0.5), m('aligned', 0.4)])).toMatchObject({ winner: 'aligned', votes: 2, of: 3 });
  });
  it('breaks a tie by the better leader, whatever the order', () => {
    expect(vote([m('proxy', 0.6), m('ram-pointer', 0.7)])!.winner).toBe('ram-pointer');
    expect(vote([m('ram-pointer', 0.7), m('proxy', 0.6)])!.winner).toBe('ram-pointer');
  });
  it('has nothing to say without runs', () => {
    expect(vote([])).toBeNull();
  });
});

describe('S-expression tree', () => {
  it('indents children under their function', () => {
    expect(sexprTree('(mul answer (ifpos x0 -1 truth))')).toEqual(['mul', '  answer', '  ifpos', '    x0', '    -1', '    truth']);
    expect(sexprTree('loss')).toEqual(['loss']);
    expect(sexprTree('(mul answer')).toEqual(['(mul answer']);
  });
});
