/** Timestamps render in UTC on the server and stay stable on the client: no hydration drift. */
export function Time({ value }: { value: Date | string | null }) {
  if (!value) return <span className="faint">never</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="nowrap">
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}
