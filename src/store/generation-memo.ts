/**
 * A value read once per committed write of the store (DuckDbStore.writeGeneration) and shared
 * until the next one; concurrent first reads share one query. With no generation (MotherDuck,
 * Parquet: others may write) nothing is kept. A failed read is not kept.
 */
export class GenerationMemo<T> {
  private kept: { generation: number; value: Promise<T> } | undefined;

  constructor(private readonly generation: () => number | undefined) {}

  /** Whether a value of the current generation is kept. */
  get fresh(): boolean {
    const g = this.generation();
    return g !== undefined && this.kept?.generation === g;
  }

  get(read: () => Promise<T>): Promise<T> {
    const generation = this.generation();
    if (generation !== undefined && this.kept?.generation === generation) return this.kept.value;
    const value = read();
    if (generation !== undefined) {
      this.kept = { generation, value };
      value.catch(() => {
        if (this.kept?.value === value) this.kept = undefined;
      });
    }
    return value;
  }
}
