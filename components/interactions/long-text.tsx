import { RedactedText } from "@/components/ui/redacted-text";

/** Text longer than `limit` characters shows its start and opens to the whole on demand, so one long field cannot bury the page. */
export function LongText({ text, limit = 600, pre = false }: { text: string; limit?: number; pre?: boolean }) {
  const body = pre ? <pre className="code-block"><RedactedText text={text} /></pre> : <RedactedText text={text} />;
  if (text.length <= limit) return body;
  return (
    <details>
      <summary>
        <RedactedText text={`${text.slice(0, limit).trimEnd()}…`} />{" "}
        <span className="muted">Show all {text.length.toLocaleString("en-US")} characters</span>
      </summary>
      {body}
    </details>
  );
}
