"use client";

import { ResponsiveContainer, Sankey, Tooltip, type SankeyNodeProps } from "recharts";
import { GRAPH_KINDS, KIND_COLOURS, KIND_LABELS, type GraphNodeKind } from "./graph-kinds";

export interface GraphData {
  nodes: Array<{ name: string; kind: GraphNodeKind }>;
  links: Array<{ source: number; target: number; value: number }>;
}

const LABEL_CHARS = 44;
const ROW_HEIGHT = 30;

/**
 * Error categories → patterns → corrections → model versions as a Sankey, band widths
 * in approvals. Columns stay in that order (align left), so a correction no model has
 * learned yet sits with the other corrections rather than at the far right.
 */
export function KnowledgeSankey({ data }: { data: GraphData }) {
  const lastDepth = data.nodes.some((node) => node.kind === "model") ? 3 : 2;
  const tallest = Math.max(...GRAPH_KINDS.map((kind) => data.nodes.filter((node) => node.kind === kind).length));
  const height = Math.max(260, tallest * ROW_HEIGHT + 40);
  const links = data.links.map((link) => ({ ...link, stroke: KIND_COLOURS[data.nodes[link.source].kind], strokeOpacity: 0.22 }));

  function renderNode({ x, y, width, height: nodeHeight, index, payload }: SankeyNodeProps) {
    const node = data.nodes[index];
    const onLeft = payload.depth === lastDepth;
    const name = node.name.length > LABEL_CHARS ? `${node.name.slice(0, LABEL_CHARS - 1)}…` : node.name;
    return (
      <g>
        <rect x={x} y={y} width={width} height={Math.max(nodeHeight, 2)} fill={KIND_COLOURS[node.kind]} rx={1} />
        <text
          x={onLeft ? x - 6 : x + width + 6}
          y={y + nodeHeight / 2}
          textAnchor={onLeft ? "end" : "start"}
          dominantBaseline="middle"
          fontSize={11.5}
          fill="#1b1f24"
          stroke="#fff"
          strokeWidth={3}
          paintOrder="stroke"
        >
          <title>{`${KIND_LABELS[node.kind]}: ${node.name} (${payload.value} approvals)`}</title>
          {name}
        </text>
      </g>
    );
  }

  return (
    <>
      <ul className="graph-legend" aria-label="Legend">
        {GRAPH_KINDS.map((kind) => (
          <li key={kind}><span className="graph-swatch" style={{ background: KIND_COLOURS[kind] }} aria-hidden="true" />{KIND_LABELS[kind]}</li>
        ))}
        <li className="faint">Band width: approvals in the period</li>
      </ul>
      <div style={{ width: "100%", height }}>
      <ResponsiveContainer>
        <Sankey
          data={{ nodes: data.nodes, links }}
          node={renderNode}
          nodePadding={14}
          nodeWidth={10}
          align="left"
          iterations={64}
          margin={{ top: 10, right: 10, bottom: 10, left: 10 }}
          title="Knowledge graph"
          aria-label="Knowledge graph"
          desc="Approvals flowing from error categories to patterns, corrections and the model versions trained on them; the table below lists every link."
        >
          <Tooltip formatter={(value) => [`${value} approvals`, ""]} />
        </Sankey>
      </ResponsiveContainer>
      </div>
    </>
  );
}
