import { Sparkline } from "@/components/charts/sparkline";

/** A pattern's daily failures as a line; a single day has no trend to draw, so it says so instead of filling a block. */
export function PatternTrend({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return <span className="faint" data-testid="trend-one-day">One day: no trend</span>;
  return <Sparkline values={values} label={label} />;
}
