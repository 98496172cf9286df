import type { KpiStatus } from "@/lib/domain/kpis";
import { STATUS_BADGES, STATUS_LABELS } from "./format";

export function StatusBadge({ status }: { status: KpiStatus }) {
  return <span className={STATUS_BADGES[status]}>{STATUS_LABELS[status]}</span>;
}
