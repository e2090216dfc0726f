/** One row of cells as read from the file, before header mapping. */
export interface GridRow {
  /** Excel row number (1-based): CSV record index, or the XLSX `<row r>`. */
  readonly row: number;
  /** Display text of each cell, column A first. */
  readonly cells: readonly string[];
}
