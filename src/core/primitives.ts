/**
 * The primitive set: one table of name, arity and tier. Opcodes are indices into it.
 * The shortcut inputs s0…s{C-1} and sensors x0…x{k-1} depend on the world's shape,
 * so the table is built per world.
 */
export type Tier = 'input' | 'world' | 'self';
export const TIERS: readonly Tier[] = ['input', 'world', 'self'];
export const tierRank = (t: Tier): number => TIERS.indexOf(t);

export const enum Op {
  Add = 0,
  Sub = 1,
  Mul = 2,
  Neg = 3,
  Min = 4,
  Max = 5,
  IfPos = 6,
  Answer = 7,
  Ctx = 8,
  Const = 9,
  Truth = 10,
  Label = 11,
  Loss = 12,
  Training = 13,
  /** First shortcut input s0; sensors follow the C shortcut inputs. */
  Shortcut0 = 14,
}

export interface Primitive {
  op: number;
  name: string;
  arity: number;
  tier: Tier;
}

export interface PrimitiveSet {
  contexts: number;
  sensors: number;
  table: readonly Primitive[];
  byName: ReadonlyMap<string, Primitive>;
  /** Opcode of sensor x0. */
  sensor0: number;
}

const FIXED: readonly Omit<Primitive, 'op'>[] = [
  { name: 'add', arity: 2, tier: 'input' },
  { name: 'sub', arity: 2, tier: 'input' },
  { name: 'mul', arity: 2, tier: 'input' },
  { name: 'neg', arity: 1, tier: 'input' },
  { name: 'min', arity: 2, tier: 'input' },
  { name: 'max', arity: 2, tier: 'input' },
  { name: 'ifpos', arity: 3, tier: 'input' },
  { name: 'answer', arity: 0, tier: 'input' },
  { name: 'ctx', arity: 0, tier: 'input' },
  // Numeric literals are one primitive; the value's own bits are added per literal.
  { name: '<const>', arity: 0, tier: 'input' },
  { name: 'truth', arity: 0, tier: 'world' },
  { name: 'label', arity: 0, tier: 'self' },
  { name: 'loss', arity: 0, tier: 'self' },
  { name: 'training', arity: 0, tier: 'self' },
];

export function primitiveSet(contexts: number, sensors: number): PrimitiveSet {
  const table: Primitive[] = FIXED.map((p, op) => ({ ...p, op }));
  for (let c = 0; c < contexts; c++) table.push({ op: table.length, name: `s${c}`, arity: 0, tier: 'input' });
  const sensor0 = table.length;
  for (let j = 0; j < sensors; j++) table.push({ op: table.length, name: `x${j}`, arity: 0, tier: 'input' });
  const byName = new Map(table.filter((p) => p.op !== Op.Const).map((p) => [p.name, p] as const));
  return { contexts, sensors, table, byName, sensor0 };
}

/**
 * The arithmetic of one function node on numbers (a, b, c are its arguments in order):
 * the semantics the compiler's constant folding and the simplifier share with the
 * evaluators' kernels.
 */
export function applyFunction(op: number, a: number, b = 0, c = 0): number {
  switch (op) {
    case Op.Add: return a + b;
    case Op.Sub: return a - b;
    case Op.Mul: return a * b;
    case Op.Neg: return -a;
    case Op.Min: return Math.min(a, b);
    case Op.Max: return Math.max(a, b);
    case Op.IfPos: return a > 0 ? b : c;
    default: throw new Error(`evaluating a genome: opcode ${op} is not a function`);
  }
}
