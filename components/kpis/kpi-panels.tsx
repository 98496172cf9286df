import { ConfidenceChart } from "./confidence-chart";
import { binLabel, count, eventLabel, formatTarget, formatValue, PER_1000 } from "./format";
import { TableView } from "./table-view";
import { TimeChart } from "./time-chart";
import type { DayValue, KpiCardView, LoopEvent } from "./types";
import styles from "./kpis.module.css";

const hasData = (values: ReadonlyArray<number | null>) => values.some((value) => value !== null);

function Empty({ children }: { children: string }) {
  return <p className={styles.empty}>{children}</p>;
}

/** One KPI's daily values with its target; the error rate also carries the loop's events. */
export function KpiTrendPanel({ card, events = [], title, width, height }: { card: KpiCardView; events?: LoopEvent[]; title?: string; width?: number; height?: number }) {
  const days = card.series.map((point) => point.day);
  const values = card.series.map((point) => point.value);
  const heading = title ?? `${card.label} per day`;
  const target = formatTarget(card.target, card.unit, card.direction, card.key);
  const shownEvents = events.filter((event) => days.includes(event.day));
  return (
    <section className="panel" aria-label={heading} data-chart={card.key}>
      <h2>{heading} <span className="faint">({card.unit}, UTC days)</span></h2>
      {hasData(values) ? (
        <TimeChart
          title={heading}
          days={days}
          series={[{ name: card.label, values }]}
          unit={card.unit}
          kpiKey={card.key}
          reference={{ value: card.target, label: `target ${target}`, kind: "target" }}
          events={shownEvents}
          width={width}
          height={height}
        />
      ) : (
        <Empty>{`No data in this period: ${card.basis}.`}</Empty>
      )}
      <TableView
        title={`${heading}, with the target ${target}`}
        columns={["Day (UTC)", card.label, "Target met", "Events"]}
        numeric={[1]}
        rows={card.series.map((point) => [
          point.day,
          formatValue(point.value, card.unit, card.key),
          point.value === null ? "—" : (card.direction === "below" ? point.value < card.target : point.value >= card.target) ? "yes" : "no",
          shownEvents.filter((event) => event.day === point.day).map((event) => `${eventLabel(event.action)} ${event.at.slice(11, 16)}`).join(", ") || "—",
        ])}
      />
    </section>
  );
}

/** The error rate of each serving version, to see which release fails. */
export function VersionPanel({ days, versions, target, width, height }: { days: string[]; versions: Array<{ version: string; series: DayValue[] }>; target: number; width?: number; height?: number }) {
  const title = "Error rate per version";
  const series = versions.map((entry) => ({ name: entry.version, values: entry.series.map((point) => point.value) }));
  return (
    <section className="panel" aria-label={title} data-chart="errorRateByVersion">
      <h2>{title} <span className="faint">(%, UTC days)</span></h2>
      {series.some((line) => hasData(line.values)) ? (
        <TimeChart title={title} days={days} series={series} unit="%" kpiKey="errorRate" reference={{ value: target, label: `target < ${formatValue(target, "%", "errorRate")}`, kind: "target" }} width={width} height={height} />
      ) : (
        <Empty>No interactions in this period, so no version to compare.</Empty>
      )}
      {series.length > 0 ? (
        <TableView
          title={`${title}, target < ${formatValue(target, "%", "errorRate")}`}
          columns={["Day (UTC)", ...series.map((line) => line.name)]}
          numeric={series.map((_, index) => index + 1)}
          rows={days.map((day, index) => [day, ...series.map((line) => formatValue(line.values[index], "%", "errorRate"))])}
        />
      ) : null}
    </section>
  );
}

/** New knowledge's confidence, this period against the previous one. */
export function ConfidencePanel({ confidence, width, height }: { confidence: { activation: number; now: number[]; before: number[] }; width?: number; height?: number }) {
  const title = "Confidence of new knowledge";
  const any = [...confidence.now, ...confidence.before].some((value) => value > 0);
  return (
    <section className="panel" aria-label={title} data-chart="confidence">
      <h2>{title} <span className="faint">(entries per 0.1 of confidence)</span></h2>
      {any ? (
        <ConfidenceChart now={confidence.now} before={confidence.before} activation={confidence.activation} width={width} height={height} />
      ) : (
        <Empty>No knowledge was learned in this period or the one before: entries appear as reviewers approve corrections.</Empty>
      )}
      <TableView
        title={`${title}; knowledge activates at ${confidence.activation.toFixed(2)}`}
        columns={["Confidence", "This period", "Previous period"]}
        numeric={[1, 2]}
        rows={confidence.now.map((value, index) => [binLabel(index), count(value), count(confidence.before[index] ?? 0)])}
      />
    </section>
  );
}

/** Review decisions and operator actions per 1,000 interactions: the work self-healing should take away. */
export function InterventionsPanel({ interventions, baseline, width, height }: { interventions: Array<{ day: string; value: number | null; count: number }>; baseline: number | null; width?: number; height?: number }) {
  const title = "Manual interventions per 1,000 interactions";
  const days = interventions.map((point) => point.day);
  const values = interventions.map((point) => point.value);
  return (
    <section className="panel" aria-label={title} data-chart="interventions">
      <h2>{title} <span className="faint">(review decisions and operator actions)</span></h2>
      {hasData(values) ? (
        <TimeChart
          title={title}
          days={days}
          series={[{ name: "Interventions", values }]}
          unit={PER_1000}
          reference={baseline === null ? null : { value: baseline, label: `before Remedy: ${baseline} per 1,000`, kind: "baseline" }}
          notes={interventions.map((point) => `${count(point.count)} intervention${point.count === 1 ? "" : "s"}`)}
          width={width}
          height={height}
        />
      ) : (
        <Empty>No interactions in this period to measure interventions against.</Empty>
      )}
      <TableView
        title={title}
        columns={["Day (UTC)", "Per 1,000 interactions", "Interventions"]}
        numeric={[1, 2]}
        rows={interventions.map((point) => [point.day, formatValue(point.value, PER_1000), count(point.count)])}
      />
    </section>
  );
}

/** What stands out this period, with the numbers behind it. */
export function Callouts({ callouts }: { callouts: string[] }) {
  return (
    <section className="panel" aria-label="Call-outs">
      <h2>Call-outs</h2>
      {callouts.length ? (
        <ul className={styles.callouts}>
          {callouts.map((text) => <li key={text}>{text}</li>)}
        </ul>
      ) : (
        <p className="muted">Nothing stands out: the error rate is not rising against its target, review cost is within target, and no version fails markedly more than the others.</p>
      )}
    </section>
  );
}
