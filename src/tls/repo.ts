// The tls domain's only door to the database: certificates, ACME accounts, settings.
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { certificates, acmeAccounts, settings, domains } = schema;
export type CertificateRow = typeof certificates.$inferSelect;
export type AcmeAccountRow = typeof acmeAccounts.$inferSelect;
type CertPatch = Partial<Omit<CertificateRow, "id" | "domainId" | "createdAt">>;

export class TlsRepo {
  constructor(private readonly db: Db) {}

  forDomain = async (domainId: number) => this.db.select().from(certificates).where(eq(certificates.domainId, domainId)).get();

  all = async () => this.db.select().from(certificates).all();

  /** Creates the domain's row or changes it (one certificate per domain). */
  async upsert(domainId: number, patch: CertPatch & Pick<CertificateRow, "source" | "state">): Promise<CertificateRow> {
    const now = Date.now();
    const [row] = await this.db
      .insert(certificates)
      .values({ domainId, ...patch, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: certificates.domainId, set: { ...patch, updatedAt: now } })
      .returning();
    return row!;
  }

  async update(domainId: number, patch: CertPatch): Promise<CertificateRow | undefined> {
    const [row] = await this.db.update(certificates).set({ ...patch, updatedAt: Date.now() }).where(eq(certificates.domainId, domainId)).returning();
    return row;
  }

  async delete(domainId: number): Promise<void> {
    await this.db.delete(certificates).where(eq(certificates.domainId, domainId));
  }

  /** ACME certificates whose expiry falls before `before`, with their hostname. */
  renewable = async (before: number) =>
    this.db
      .select({ cert: certificates, hostname: domains.hostname })
      .from(certificates)
      .innerJoin(domains, eq(domains.id, certificates.domainId))
      .where(and(eq(certificates.source, "acme"), eq(certificates.state, "active"), isNotNull(certificates.notAfter), lte(certificates.notAfter, before)))
      .all();

  account = async (directoryUrl: string) => this.db.select().from(acmeAccounts).where(eq(acmeAccounts.directoryUrl, directoryUrl)).get();

  async saveAccount(row: AcmeAccountRow): Promise<void> {
    await this.db
      .insert(acmeAccounts)
      .values(row)
      .onConflictDoUpdate({ target: acmeAccounts.directoryUrl, set: { email: row.email, keyEnc: row.keyEnc, accountUrl: row.accountUrl } });
  }

  async setting(key: string): Promise<unknown> {
    const row = await this.db.select().from(settings).where(eq(settings.key, key)).get();
    return row ? JSON.parse(row.value) : undefined;
  }

  async saveSetting(key: string, value: unknown): Promise<void> {
    const now = Date.now();
    const text = JSON.stringify(value);
    await this.db.insert(settings).values({ key, value: text, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value: text, updatedAt: now } });
  }
}
