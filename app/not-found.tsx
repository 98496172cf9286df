import Link from "next/link";

export default function NotFound() {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Page not found</h1>
        <p className="muted" style={{ marginTop: 8 }}>The address may be mistyped, or what it pointed to was removed.</p>
        <p style={{ marginTop: 16 }}>
          <Link href="/" className="btn">Go to your start page</Link>
        </p>
      </div>
    </div>
  );
}
