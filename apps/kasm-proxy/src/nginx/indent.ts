/** Indents every line of a block of directives by `spaces`. */
export const indent = (block: string, spaces: number) =>
  block
    .split('\n')
    .map((line) => (line ? ' '.repeat(spaces) + line : line))
    .join('\n');
