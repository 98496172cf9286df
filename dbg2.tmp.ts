import { detectNumbers } from "@/lib/domain/pii/detectors/numbers";
for (const t of ["X-Forwarded-For: 192.0.2.146, 10.0.0.12", "Call 1-800-555-0142 for support."]) { const out: any[] = []; detectNumbers(t, out); console.log(t, out); }
