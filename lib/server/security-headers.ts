/**
 * Headers on every response, pages and APIs alike. next.config.ts gives them to what Next
 * answers; the request guard to what is answered before Next (the agents' fast path, its own
 * refusals).
 *
 * Scripts: Next's App Router writes its page data as inline scripts (`self.__next_f.push`),
 * so script-src allows 'unsafe-inline'. Nonces would avoid that but need every page rendered
 * per request, including the prerendered error pages; what stops injected script here is that
 * React escapes every value it renders. Everything else is held to this origin: no plugins, no
 * <base> or form targets elsewhere, no framing (frame-ancestors, and X-Frame-Options for older
 * browsers). Styles allow 'unsafe-inline' for React's style attributes. The development server
 * also needs eval for its module reloading.
 */
export function securityHeaders(development = process.env.NODE_ENV === "development"): Array<{ key: string; value: string }> {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: policy },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
}

/**
 * The same protections for the JSON the agents' fast path answers (lib/server/http/agent-api.ts),
 * as one flat list for `writeHead`: nothing there is rendered, so the policy allows nothing and no
 * framing, and the page-only headers (opener, permissions) are left out. A hot-path answer then
 * carries about a third of the header bytes and sets no header one by one.
 */
export const API_SECURITY_HEADERS: readonly string[] = [
  "content-security-policy", "default-src 'none'; frame-ancestors 'none'",
  "x-frame-options", "DENY",
  "referrer-policy", "same-origin",
  "x-content-type-options", "nosniff",
];
