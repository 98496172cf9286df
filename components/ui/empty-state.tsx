import type { ReactNode } from "react";

export function EmptyState({ title, children, steps }: { title: string; children: ReactNode; steps?: ReactNode[] }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      <p>{children}</p>
      {steps && steps.length > 0 ? (
        <ol>
          {steps.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
