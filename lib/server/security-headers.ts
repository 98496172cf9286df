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
