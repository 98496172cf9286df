"use client";

import { useState } from "react";

/** Shows a secret once, with a copy button; closing it is final. */
export function SecretReveal({ title, secret, note, onClose }: { title: string; secret: string; note: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="panel" role="region" aria-label={title} style={{ borderColor: "#f0d68a" }}>
      <h2>{title}</h2>
      <p className="muted">{note}</p>
      <div className="secret-box">
        <code data-testid="secret-value">{secret}</code>
        <button type="button" className="btn btn-small" onClick={copy}>{copied ? "Copied" : "Copy"}</button>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>I have stored it — hide</button>
      </div>
    </div>
  );
}
