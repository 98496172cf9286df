import type { ReactNode } from "react";
import { TableView } from "@/components/kpis/table-view";

/**
 * A drawn chart as a named figure, with every number behind it in a table view: what a
 * screen reader reads instead of the drawing. The chart inside names itself too (recharts'
 * keyboard layer is an `application` that must not go unnamed): pass it `aria-label={name}`.
 */
export function ChartFigure({ name, height, table, children }: {
  /** What the chart shows, with its figures in a sentence. */
  name: string;
  height: number;
  table: { title: string; columns: string[]; rows: Array<Array<string | number>>; numeric?: number[] };
  children: ReactNode;
}) {
  return (
    <figure className="chart-figure" aria-label={name}>
      <div style={{ width: "100%", height }}>{children}</div>
      <TableView {...table} />
    </figure>
  );
}
