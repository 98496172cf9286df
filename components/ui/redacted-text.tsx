import { Fragment } from "react";

const PLACEHOLDER = /<([A-Z_]+?)(?:_(\d+)|#([0-9a-f]+))>/g;

/** Text with the PII firewall's placeholders highlighted and labelled by type. */
export function RedactedText({ text }: { text: string }) {
  const parts: Array<string | { type: string; raw: string }> = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ type: match[1], raw: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) =>
        typeof part === "string" ? (
          <Fragment key={index}>{part}</Fragment>
        ) : (
          <mark key={index} className="pii-tag" title={`${part.type.replace(/_/g, " ").toLowerCase()} removed by the PII firewall`}>
            {part.raw}
          </mark>
        ),
      )}
    </>
  );
}
