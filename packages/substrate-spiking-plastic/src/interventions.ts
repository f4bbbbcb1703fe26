import {
  applyInterventions,
  cloneMatrix,
  type Intervention,
  interventionsAt,
  type Matrix,
  matrix,
} from '@scrutable/core';
import { COUNTS_SITE, DRIVE_SITE } from './sites.js';

/**
 * The change of drive (mV over the window, [examples x hidden]) that makes each neuron's drive what
 * the drive interventions ask for: the interventions are applied to the batch's own drives (as
 * `observe` returns them), and the difference from those drives is what the neuron receives on top of
 * its synaptic input, as a constant current. Null when no intervention targets the drive.
 */
export function driveChange(drives: Matrix, list: readonly Intervention[]): Matrix | null {
  const atDrive = interventionsAt(DRIVE_SITE, list);
  if (atDrive.length === 0) return null;
  const wanted = cloneMatrix(drives);
  applyInterventions(wanted, atDrive);
  const change = matrix(drives.rows, drives.cols);
  for (let i = 0; i < change.data.length; i++) change.data[i] = wanted.data[i]! - drives.data[i]!;
  return change;
}

/** Applies the count interventions to the counts the run produced (in place): the readout integrates them. */
export function applyCountInterventions(counts: Matrix, list: readonly Intervention[]): void {
  applyInterventions(counts, interventionsAt(COUNTS_SITE, list));
}
