export const VALUE_GRADES = ["HIGH", "LOW"] as const;
export type ValueGrade = (typeof VALUE_GRADES)[number];

/** Suggested default for `frequentPatternMin`: a pattern seen this often is worth a reviewer's time first. */
export const DEFAULT_FREQUENT_PATTERN_MIN = 10;

/**
 * A sample is worth more when its failure keeps recurring (fixing it pays off
 * many times) or when its category is one the admins marked severe.
 */
export function gradeSample({
  patternCount,
  category,
  severeCategories,
  frequentPatternMin,
}: {
  patternCount: number;
  category: string;
  severeCategories: readonly string[];
  frequentPatternMin: number;
}): { grade: ValueGrade; reason: string } {
  const seen = `pattern seen ${patternCount} ${patternCount === 1 ? "time" : "times"}`;
  const frequent = patternCount >= frequentPatternMin;
  // Categories are typed by agents and admins separately, so "Payment_Declined" and "payment_declined" are one category.
  const normalised = category.trim().toLowerCase();
  const severe = normalised !== "" && severeCategories.some((entry) => entry.trim().toLowerCase() === normalised);
  const reasons = [
    ...(frequent ? [`${seen} (≥ ${frequentPatternMin})`] : []),
    ...(severe ? [`category ${category} is marked severe`] : []),
  ];
  if (reasons.length > 0) return { grade: "HIGH", reason: reasons.join("; ") };
  return { grade: "LOW", reason: `${seen}; category not severe` };
}
