export { editReadout, READOUT_VIEW, readoutView } from './readout-view.js';
export { loadTrainedReadout, type SavedTrainedReadout, saveTrainedReadout } from './saved-readout.js';
export {
  applyTrainedReadout,
  fitTrainedReadout,
  type TrainedReadout,
  type TrainedReadoutFit,
  type TrainedReadoutOptions,
} from './trained-readout.js';
