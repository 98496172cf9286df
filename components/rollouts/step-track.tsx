import { share } from "./format";
import styles from "./rollouts.module.css";

/**
 * The rollout's steps, 5 → 25 → 50 → 100, with the steps behind it filled and the
 * current one highlighted. A step whose traffic is not what it says (the breaker took
 * it to 0%) is marked halted.
 */
export function StepTrack({ steps, stepIndex, percent, ended }: { steps: readonly number[]; stepIndex: number; percent: number; ended: boolean }) {
  const halted = !ended && percent !== steps[stepIndex];
  return (
    <ol className={styles.steps} aria-label={`Steps: ${steps.map(share).join(", ")}; ${ended ? "ended" : `now at step ${stepIndex + 1} of ${steps.length}`}`}>
      {steps.map((step, index) => {
        const current = !ended && index === stepIndex;
        const state = current ? (halted ? styles.stepHalted : styles.stepCurrent) : index < stepIndex || (ended && index <= stepIndex) ? styles.stepDone : "";
        return (
          <li key={step} className={`${styles.step} ${state}`} aria-current={current ? "step" : undefined}>
            <span className={styles.stepValue} title={current && halted ? `Step ${share(step)}, candidate traffic now ${share(percent)}` : undefined}>{share(step)}</span>
          </li>
        );
      })}
    </ol>
  );
}
