import { count, money } from "./format";
import { filterParams, type CostView, type KpiFilter } from "./types";
import styles from "./kpis.module.css";

/**
 * The monthly cost of the loop with its formula, and what fewer manual
 * interventions save against a baseline the manager types in (a GET field:
 * it changes the view, nothing else).
 */
export function CostPanel({ cost, filter, action, editable = true }: { cost: CostView; filter: KpiFilter; action: string; editable?: boolean }) {
  const kept = filterParams(filter);
  const { rates, volumes } = cost;
  return (
    <section className="panel" aria-label="Cost">
      <h2>Cost <span className="faint">(monthly estimate, from the last 30 days)</span></h2>
      <div className={styles.costTop}>
        <p className={styles.costTotal}><span data-testid="monthly-cost">{money(cost.total)}</span> <span className="muted">a month</span></p>
        <table className={styles.costTable} aria-label="Monthly cost by part">
          <tbody>
            <tr><th scope="row">Hardware</th><td className="num">{money(cost.hardware)}</td><td className="faint">per month, from Settings</td></tr>
            <tr><th scope="row">API calls</th><td className="num">{money(cost.api)}</td><td className="faint">per month, from Settings</td></tr>
            <tr><th scope="row">Human review</th><td className="num">{money(cost.review)}</td><td className="faint">{count(volumes.reviewed)} samples × {rates.reviewMinutesPerSample} min at {money(rates.reviewerHourlyRate)}/h ({money(cost.reviewPerSample)} a sample)</td></tr>
            <tr><th scope="row">Distillation</th><td className="num">{money(cost.distillation)}</td><td className="faint">{count(volumes.distilled)} samples × {money(rates.distillationPerSample)}</td></tr>
          </tbody>
        </table>
      </div>
      <p className={styles.formula}><span className="sr-only">Formula: </span>{cost.formula}</p>
      <p className="faint">Volumes are the last 30 days across all agents: {count(volumes.reviewed)} samples reviewed by people, {count(volumes.distilled)} distilled, {count(volumes.interactions)} interactions. Rates are on the Settings page.</p>

      <h3 className={styles.subhead}>Saving from fewer manual interventions</h3>
      <p>Now: <strong data-testid="interventions-per-1000">{cost.currentPer1000.toFixed(2)}</strong> manual interventions per 1,000 interactions across all agents in the last 30 days ({count(volumes.reviewed)} review decisions and {count(volumes.operatorActions)} operator actions), whatever the filters above.</p>
      {editable ? (
        <>
          <form className="form-row" method="get" action={action} aria-label="Saving baseline">
            {Object.entries(kept).filter(([name, value]) => name !== "baseline" && value).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
            <label className="field">
              Interventions per 1,000 before Remedy
              <input type="number" name="baseline" min={0} max={1000} step="any" defaultValue={cost.baseline ?? ""} className={styles.baselineInput} aria-describedby="kpi-baseline-hint" />
            </label>
            <button className="btn" type="submit">Show saving</button>
          </form>
          <p className="field-hint" id="kpi-baseline-hint">How many manual interventions per 1,000 interactions the team made before Remedy; each one avoided saves one review&apos;s time.</p>
        </>
      ) : null}
      {cost.saving ? (
        <div className={styles.saving}>
          <p><strong>{money(cost.saving.saving)} a month</strong> saved: {count(Math.round(cost.saving.avoided))} interventions avoided against {cost.baseline} per 1,000.</p>
          <p className={styles.formula}><span className="sr-only">Formula: </span>{cost.saving.formula}</p>
        </div>
      ) : editable ? null : (
        <p className="faint">No baseline given: enter one on the KPIs page to see the saving.</p>
      )}
    </section>
  );
}
