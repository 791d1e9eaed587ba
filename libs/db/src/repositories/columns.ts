/** For each field of a write, the column it goes to and, where needed, how its value is stored. */
export type ColumnMap<T> = { [K in keyof T]-?: string | { column: string; encode: (value: NonNullable<T[K]>) => unknown } };

/** The columns to write for the fields of `input` that are set; `undefined` means "leave as it is", `null` clears. */
export function columnsOf<T extends object>(input: T, map: Partial<ColumnMap<T>>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const field of Object.keys(map) as (keyof T)[]) {
    const value = input[field];
    const target = map[field];
    if (value === undefined || target === undefined) continue;
    if (typeof target === 'string') columns[target] = value;
    else if (value === null) columns[target.column] = null;
    else columns[target.column] = target.encode(value as NonNullable<T[keyof T]>);
  }
  return columns;
}
