import styles from "./kpis.module.css";

/**
 * Every number behind a chart as a table, one click (or Enter on the summary)
 * away: what a screen reader reads instead of the drawing.
 */
export function TableView({ title, columns, rows, numeric = [] }: { title: string; columns: string[]; rows: Array<Array<string | number>>; numeric?: number[] }) {
  return (
    <details className={styles.tableView}>
      <summary>Table view<span className="sr-only">: {title}</span></summary>
      <div className="table-wrap">
        <table className="data" aria-label={title}>
          <thead>
            <tr>{columns.map((column, index) => <th key={column} scope="col" className={numeric.includes(index) ? "num" : undefined}>{column}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, index) => (index === 0 ? <th key={index} scope="row">{cell}</th> : <td key={index} className={numeric.includes(index) ? "num" : undefined}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
