import { NntsError } from '@nnts/tensor';

/** Training cannot go on: the loss or a gradient stopped being a finite number. */
export class TrainingError extends NntsError {}
