import Link from "next/link";
import { formatTarget, formatValue, unitNote } from "./format";
import { StatusBadge } from "./status-badge";
import { TrendSparkline } from "./trend-sparkline";
import type { KpiCardView } from "./types";
import styles from "./kpis.module.css";

/** One KPI: its value against the target, the daily trend, and what the number rests on. */
export function KpiCard({ card, href }: { card: KpiCardView; href: string }) {
  const note = unitNote(card.unit);
  const target = formatTarget(card.target, card.unit, card.direction, card.key);
  const days = card.series.filter((point) => point.value !== null).length;
  return (
    <article className={`${styles.card} ${styles[card.status]}`} aria-labelledby={`kpi-${card.key}`} data-kpi={card.key}>
      <div className={styles.cardHead}>
        <h3 id={`kpi-${card.key}`}><Link href={href}>{card.label}</Link></h3>
        <StatusBadge status={card.status} />
      </div>
      <p className={styles.cardValue}>
        <span data-testid={`kpi-value-${card.key}`}>{formatValue(card.value, card.unit, card.key)}</span>
        {note && card.value !== null ? <span className={styles.cardUnit}> {note}</span> : null}
      </p>
      <p className={styles.cardTarget}>Target {target}</p>
      <TrendSparkline
        series={card.series}
        target={card.target}
        label={`${card.label} per day: ${days} of ${card.series.length} days with data; latest ${formatValue(card.series.findLast((point) => point.value !== null)?.value, card.unit, card.key)}; target ${target}`}
      />
      <p className={styles.cardBasis}>{card.basis}</p>
    </article>
  );
}
