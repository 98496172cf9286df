/**
 * The cost model: total = hardware + API calls + human review + distillation,
 * every rate from settings. Review is minutes per sample × hourly rate (5 min
 * at $50/h is $4.17 a sample; the seed's "0.42 × n" is an arithmetic slip).
 */
export interface CostRates {
  hardwarePerMonth: number;
  apiPerMonth: number;
  reviewMinutesPerSample: number;
  reviewerHourlyRate: number;
  distillationPerSample: number;
}

export interface CostVolumes {
  /** Samples reviewed by people per month. */
  reviewedSamples: number;
  /** Samples distilled per month. */
  distilledSamples: number;
}

export interface CostEstimate {
  hardware: number;
  api: number;
  review: number;
  distillation: number;
  total: number;
  reviewPerSample: number;
  /** The formula with the numbers filled in. */
  formula: string;
}

const money = (value: number) => `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function monthlyCost(rates: CostRates, volumes: CostVolumes): CostEstimate {
  const reviewPerSample = (rates.reviewMinutesPerSample / 60) * rates.reviewerHourlyRate;
  const review = volumes.reviewedSamples * reviewPerSample;
  const distillation = volumes.distilledSamples * rates.distillationPerSample;
  const total = rates.hardwarePerMonth + rates.apiPerMonth + review + distillation;
  const formula =
    `${money(rates.hardwarePerMonth)} hardware + ${money(rates.apiPerMonth)} API + ` +
    `${volumes.reviewedSamples.toLocaleString("en-US")} samples × ${rates.reviewMinutesPerSample} min ÷ 60 × ${money(rates.reviewerHourlyRate)}/h (${money(review)}) + ` +
    `${volumes.distilledSamples.toLocaleString("en-US")} samples × ${money(rates.distillationPerSample)} (${money(distillation)}) = ${money(total)} a month`;
  return { hardware: rates.hardwarePerMonth, api: rates.apiPerMonth, review, distillation, total, reviewPerSample, formula };
}

/**
 * What fewer manual interventions save a month, against a baseline rate per
 * 1,000 interactions: each avoided intervention costs one review's time.
 */
export function interventionSaving(rates: Pick<CostRates, "reviewMinutesPerSample" | "reviewerHourlyRate">, baselinePer1000: number, currentPer1000: number, interactionsPerMonth: number) {
  const avoided = Math.max(0, ((baselinePer1000 - currentPer1000) / 1000) * interactionsPerMonth);
  const saving = avoided * (rates.reviewMinutesPerSample / 60) * rates.reviewerHourlyRate;
  return {
    avoided,
    saving,
    formula: `(${baselinePer1000} − ${currentPer1000.toFixed(2)}) per 1,000 × ${interactionsPerMonth.toLocaleString("en-US")} interactions × ${rates.reviewMinutesPerSample} min ÷ 60 × ${money(rates.reviewerHourlyRate)}/h = ${money(saving)} a month`,
  };
}

/** The monthly estimate as the KPI report gives it: the figures, what they rest on, and the saving against a baseline. */
export interface CostReport extends CostEstimate {
  volumes: { reviewed: number; distilled: number; interactions: number; operatorActions: number };
  rates: CostRates;
  saving: ReturnType<typeof interventionSaving> | null;
  currentPer1000: number;
  baseline: number | null;
}
