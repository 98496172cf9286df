import { hrefOf } from "@/lib/schemas/search-params";
import { filterParams, type KpiFilter } from "./types";
import styles from "./kpis.module.css";

/** The daily series as files: exact for the team, with Laplace noise for sharing outside it. */
export function ExportLinks({ filter, epsilon }: { filter: KpiFilter; epsilon: number }) {
  const params = { ...filterParams(filter), baseline: undefined };
  const link = (format: "csv" | "json", noise: "on" | "off") => hrefOf("/api/kpis/export", { format, noise, ...params });
  return (
    <section className="panel" aria-label="Export">
      <h2>Export the daily series</h2>
      <ul className={styles.exports}>
        <li><a className="btn" href={link("csv", "off")} download>CSV</a><span className="faint">Exact counts per day, for the team.</span></li>
        <li><a className="btn" href={link("json", "off")} download>JSON</a><span className="faint">The same rows as JSON.</span></li>
        <li>
          <a className="btn" href={link("csv", "on")} download>CSV with noise (ε = {epsilon}) for sharing outside the team</a>
          <span className="faint">Every count carries Laplace noise of scale 1/ε; the file says so in its first line. ε is set on the Settings page.</span>
        </li>
      </ul>
    </section>
  );
}
