/** One benchmark result; `ratio` is value / baseline when a baseline was measured. */
export type BenchRow = {
  name: string;
  value: number;
  unit: string;
  baseline?: number | undefined;
  ratio?: number | undefined;
};
