import { z } from "zod";
import { calibrationFeatures, type CalibrationContext } from "./calibration-features";
import { LINEAR_MODEL_FIELDS, linearPredict, withLinearModelChecks, type LinearModel } from "./model";

/**
 * The learned few-shot calibrator: a ridge regression, trained across questions (scripts/train-scoring.ts),
 * from an answer's calibration features (calibration-features.ts) to the human grade's departure from the
 * question's calibration line. Small and linear,
 * so applying it is a few dozen multiplications after the exemplar similarities.
 */

export const ZCalibratorWeights = withLinearModelChecks(
  z.object({
    model: z.literal("ridge"),
    ...LINEAR_MODEL_FIELDS,
    lambda: z.number(),
    /** The fewest graded exemplars (with texts) the calibrator is used from; fewer fall back to the shrunk line. */
    minExemplars: z.number().int().positive(),
    trainedOn: z.object({ dataset: z.string(), questions: z.number().int(), samples: z.number().int() }),
  }),
);
export type CalibratorWeights = z.infer<typeof ZCalibratorWeights>;

/** What a stored calibration keeps of the calibrator, so it applies the same way after the shipped file changes. */
export type StoredCalibrator = LinearModel;
export const ZStoredCalibrator = withLinearModelChecks(z.object(LINEAR_MODEL_FIELDS));

/** The question's line plus the calibrator's predicted departure from it, within 0-5. */
export function predictCalibrated(model: StoredCalibrator, ctx: CalibrationContext, x: number, sims: readonly number[], length: number): number {
  const { line, features } = calibrationFeatures(ctx, x, sims, length);
  return Math.min(5, Math.max(0, line + linearPredict(model, features)));
}
