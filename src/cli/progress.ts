import { CLASS_LABEL } from '../report/class-label.js';
import type { Progress } from '../run/run.js';

/**
 * A one-line live status on a terminal (stderr), redrawn in place. Off when stderr is
 * not a TTY, so logs and pipes stay clean.
 */
export function progressLine(stream: NodeJS.WriteStream): { starting: () => void; update: (p: Progress) => void; done: () => void } {
  if (!stream.isTTY) return { starting: () => {}, update: () => {}, done: () => {} };
  let shown = false;
  let first: { ms: number; evaluations: number } | null = null;
  const draw = (text: string) => {
    // A terminal that reports no width (some CI and emulator ptys): COLUMNS, as shells set it.
    const columns = Number(process.env.COLUMNS);
    const width = stream.columns || (columns >= 20 ? columns : 120);
    stream.write(`\r\x1b[K${text.length > width - 1 ? text.slice(0, width - 2) + '…' : text}`);
    shown = true;
  };
  return {
    // Workers start and every island runs its first epoch before the first update: a second or more.
    starting: () => draw("starting: every island's first epoch…"),
    update: (p) => {
      // From the second update on, the rate since the first: the first epoch carries the
      // workers' start and V8 warming up, which put 'left' at 5–7 times the truth early in a
      // run. Evaluations done before a resume took none of this process's time.
      const since = first ?? { ms: 0, evaluations: p.evaluationsBefore };
      first ??= { ms: p.elapsedMs, evaluations: p.evaluations };
      const rate = (p.evaluations - since.evaluations) / Math.max((p.elapsedMs - since.ms) / 1000, 1e-3);
      const left = (p.totalEvaluations - p.evaluations) / Math.max(rate, 1e-9);
      // Short numbers and labels, and the leader's genome last: on an 80-column terminal only the genome is cut.
      draw(`gen ${p.generation}/${p.finalGeneration}  ${fmtCount(p.evaluations)}/${fmtCount(p.totalEvaluations)} evals  ${fmtCount(rate)}/s  ${fmtTime(left)} left  ${CLASS_LABEL[p.best.class]} fit ${p.best.fitness.toFixed(4)} ${p.best.genome}`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** 3 to 5 characters: 950, 12.5k, 600k, 1.0M, 125M (rounded first, so 999,950 is 1.0M, not 1000.0k). */
function fmtCount(r: number): string {
  const digits = (x: number) => (x < 99.95 ? 1 : 0);
  if (Math.round(r) < 999.5) return Math.round(r).toFixed(0);
  const k = r / 1e3;
  if (Number(k.toFixed(digits(k))) < 1000) return `${k.toFixed(digits(k))}k`;
  const m = r / 1e6;
  return `${m.toFixed(digits(m))}M`;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}
