import { Fragment } from "react";
import { splitPlaceholders } from "@/lib/domain/pii/placeholder";
import { labelOf } from "@/lib/schemas/labels";

/** Text with the PII firewall's placeholders highlighted and labelled by type. */
export function RedactedText({ text }: { text: string }) {
  return (
    <>
      {splitPlaceholders(text).map((part, index) =>
        typeof part === "string" ? (
          <Fragment key={index}>{part}</Fragment>
        ) : (
          <mark key={index} className="pii-tag" title={`${labelOf("piiType", part.type)} removed by the PII firewall`}>
            {part.placeholder}
          </mark>
        ),
      )}
    </>
  );
}
