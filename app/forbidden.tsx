import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="auth-page">
      <div className="auth-card" role="alert">
        <h1>You do not have access to this page</h1>
        <p className="muted" style={{ marginTop: 8 }}>
          Your role does not include it. If you need it for your work, ask an admin to change your role.
        </p>
        <p style={{ marginTop: 16 }}>
          <Link href="/" className="btn">Go to your start page</Link>
        </p>
      </div>
    </div>
  );
}
