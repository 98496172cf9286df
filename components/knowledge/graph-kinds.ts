/** The knowledge graph's node kinds, their names and colours: shared by the chart, its legend and its table. */
export type GraphNodeKind = "category" | "pattern" | "correction" | "model";

export const GRAPH_KINDS: readonly GraphNodeKind[] = ["category", "pattern", "correction", "model"];

export const KIND_LABELS: Record<GraphNodeKind, string> = {
  category: "Error category",
  pattern: "Pattern",
  correction: "Correction",
  model: "Model version",
};

/** From the console's palette: danger, warn, ok, accent. */
export const KIND_COLOURS: Record<GraphNodeKind, string> = {
  category: "#b42318",
  pattern: "#9a6700",
  correction: "#1a7f37",
  model: "#2f5bd3",
};
