/** Whether every value is finite (a loop: `every(Number.isFinite)` costs a call per value in the bulk studies' hot paths). */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) return false;
  return true;
}
