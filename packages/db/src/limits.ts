// What the embedded server (FerretDB 1.24 on SQLite) serves well, said where it starts and where
// `npm run seed` is asked for more. The figures come from `npm run bench`
// (packages/api/docs/benchmarks.md): update EMBEDDED_LIMITS there and here together.

export const EMBEDDED_LIMITS = {
  /** Largest seed the embedded server serves comfortably; `npm run seed` defaults below it. */
  comfortableAdmissions: 10_000,
  /** The measured cost behind that figure, as a phrase. */
  measured:
    "every screen's first page under 1 s at 10,000 admissions with 1,000,000 audit entries (the dashboard, " +
    'slowest, 0.9 s), and flat up to 100,000 except the patients list (1.9 s at 33,000 patients); searches ' +
    'and sorts other than by date scan the collection, about 1.2 s per 10,000 admissions',
  /** Where the full figures are. */
  document: 'packages/api/docs/benchmarks.md',
} as const;

const POINT_AT_MONGODB = 'MONGODB_URI=mongodb://<host>:27017/<database> npm start';

/** The one line printed when MAS starts its embedded server. */
export function embeddedServerNotice(): string {
  return (
    `Embedded local development database (FerretDB on SQLite): comfortable up to about ` +
    `${EMBEDDED_LIMITS.comfortableAdmissions.toLocaleString('en')} admissions (${EMBEDDED_LIMITS.measured}; ` +
    `${EMBEDDED_LIMITS.document}). For a real hospital's data point MAS at MongoDB: ${POINT_AT_MONGODB}`
  );
}

/** `npm run seed` on the embedded server with more than it serves well: what to print (it still seeds). */
export function seedSizeWarning(kind: string, admissions: number): string | undefined {
  if (kind !== 'ferretdb' || admissions <= EMBEDDED_LIMITS.comfortableAdmissions) return undefined;
  return (
    `warning: ${admissions.toLocaleString('en')} admissions is more than the embedded development database serves ` +
    `well (about ${EMBEDDED_LIMITS.comfortableAdmissions.toLocaleString('en')}: ${EMBEDDED_LIMITS.measured}; ` +
    `${EMBEDDED_LIMITS.document}); screens will be slow. Seeding anyway. For this size use MongoDB: ` +
    `MONGODB_URI=mongodb://<host>:27017/<database> npm run seed -- --admissions ${admissions}`
  );
}
