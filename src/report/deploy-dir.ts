import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPLOY_FILES } from '../run/files.js';
import { readJson } from './run-dir.js';

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

/** The run directory's deployment report, or null (with a note when the file exists but is damaged). */
export function readDeployFile(dir: string): { view: DeployView | null; notes: string[] } {
  if (!existsSync(join(dir, DEPLOY_FILES.result))) return { view: null, notes: [] };
  const notes: string[] = [];
  return { view: readJson(dir, DEPLOY_FILES.result, deploySchema, notes), notes };
}
