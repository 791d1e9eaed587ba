import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** One column: its header, and what a row shows in it. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

interface DataTableProps<Row> {
  /** What the table lists, for assistive technology ("Users", "Sessions"). */
  label: string;
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  /** data-* attributes of a row (what tests and scripts find it by). */
  rowAttributes?: (row: Row) => Record<`data-${string}`, string>;
  /** Below this width the table scrolls sideways instead of squeezing (narrow windows). */
  minWidth?: number;
}

/** The portal's tables: striped, labelled, scrolling sideways on a narrow window. */
export function DataTable<Row>({ label, rows, columns, rowKey, rowAttributes, minWidth = 640 }: DataTableProps<Row>) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((column) => (
                <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
