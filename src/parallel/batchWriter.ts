/**
 * Draws a task's toys straight into the bytes of its record batches and writes them at their
 * place in toys.arrow (and nuisance.arrow): what each worker does, so the main thread handles no
 * counts (io/batchBytes.ts).
 */
import { BatchBytes, type BatchFilePlan } from "../io/batchBytes.js";
import type { ToyGenerator } from "../sampling/toys.js";

/** The files a run's workers write into. */
export interface RunOutput {
  toys: BatchFilePlan;
  nuisance?: BatchFilePlan | undefined;
}

export class BatchWriter {
  private readonly toys: BatchBytes;
  private readonly nuisance?: BatchBytes;

  constructor(
    private readonly generator: ToyGenerator,
    output: RunOutput,
  ) {
    this.toys = new BatchBytes(output.toys);
    if (output.nuisance) this.nuisance = new BatchBytes(output.nuisance);
  }

  /** Draws and writes toys [first, first + count) (one batch); returns its tallies. */
  write(first: number, count: number): { clippedToys: number; totalCounts: number } {
    const toys = this.toys.prepare(first, count);
    const nuisance = this.nuisance?.prepare(first, count);
    const [nObs, ...truth] = toys.columns.counts;
    const block = this.generator.generate(first, count, {
      nObs,
      truth,
      nuisance: nuisance?.columns.nuisance,
    });
    this.toys.write(first, toys.bytes);
    if (nuisance) this.nuisance!.write(first, nuisance.bytes);
    return { clippedToys: block.clippedToys, totalCounts: block.totalCounts };
  }
}
