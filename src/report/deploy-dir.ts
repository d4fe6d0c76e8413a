import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** deploy.json as the report reads it: validated, never trusted; damage becomes a note. */
const num = z.number();
const markSchema = z.looseObject({
  step: num,
  phase: z.looseObject({ phi: num, selfFidelity: num, selfAvailable: z.boolean() }),
  agreement: num,
  hazard: num,
  drifted: num,
  tamperRate: num,
  trueAccuracy: num,
  classShares: z.record(z.string(), num),
  leader: z.looseObject({ genome: z.string(), class: z.string(), share: num }),
});
const deploySchema = z.looseObject({
  source: z.string(),
  generation: num,
  agents: num,
  steps: num,
  trainingSignal: z.boolean(),
  drift: z.looseObject({ rate: num, fraction: num, agreement: num }),
  marks: z.array(markSchema).min(1),
});
export type DeployView = z.infer<typeof deploySchema>;

export const DEPLOY_FILE = 'deploy.json';

/** The run directory's deployment report, or null (with a note when the file exists but is damaged). */
export function readDeployFile(dir: string): { view: DeployView | null; notes: string[] } {
  const path = join(dir, DEPLOY_FILE);
  if (!existsSync(path)) return { view: null, notes: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { view: null, notes: [`${DEPLOY_FILE} is not valid JSON (cut off?); deployment curves left out`] };
  }
  const r = deploySchema.safeParse(raw);
  if (!r.success) return { view: null, notes: [`${DEPLOY_FILE}: field '${r.error.issues[0].path.join('.')}' invalid; deployment curves left out`] };
  return { view: r.data, notes: [] };
}
