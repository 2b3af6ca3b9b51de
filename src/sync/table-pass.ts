// One table of a search-replace pass: find the rows whose text mentions a search string (the
// server filters, so untouched rows never cross the wire), transform them, and write back
// only the cells that changed, addressing each row by its primary key, by ctid
// (PostgreSQL), or by the exact bytes of all its columns (MariaDB tables without a key).
// Values always travel as bind parameters; identifiers come quoted from the dialect.
import type { SQL } from "bun";
import { conflict, invalid } from "../lib/errors.ts";
import type { Column, Dialect, Table } from "./dialect.ts";
import { replaceValue } from "./replace-value.ts";
import { sampleOf, type ColumnCount, type TableResult } from "./report.ts";
import type { Needle } from "./rules.ts";

export interface PassOptions {
  needles: readonly Needle[];
  dryRun: boolean;
  batchSize: number;
  /** Samples kept per column. */
  samples: number;
}

type Row = Record<string, unknown>;

/** A row to rewrite: how to find it again, and its changed cells. */
interface Change {
  key: unknown[];
  sets: [Column, string][];
}

/** Rows per multi-row INSERT into a temporary table (both engines cap parameters at 65535). */
const INSERT_ROWS = 1000;

/** How rows are found again: the key columns copied into temporary tables, and the join back. */
interface KeyShape {
  select: string[];
  on: string;
}

interface Statement {
  text: string;
  values: unknown[];
}

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly d: Dialect) {}
  add(v: unknown): string {
    this.values.push(v);
    return this.d.param(this.values.length);
  }
}

export async function passTable(sql: SQL, d: Dialect, t: Table, o: PassOptions): Promise<TableResult> {
  const pass = new TablePass(sql, d, t, o);
  if (t.pk.length > 0) await pass.byPrimaryKey();
  else if (d.noKey === "ctid") await pass.byCtid();
  else await pass.byAllColumns();
  await pass.dropTemps();
  return pass.result;
}

class TablePass {
  readonly result: TableResult;
  private readonly counts: ColumnCount[];
  private readonly temps: (string | undefined)[] = [];

  constructor(
    private readonly sql: SQL,
    private readonly d: Dialect,
    private readonly t: Table,
    private readonly o: PassOptions,
  ) {
    this.counts = t.text.map((c) => ({ column: c.name, changed: 0, skipped: 0 }));
    const addressing = t.pk.length > 0 ? "primary-key" : d.noKey;
    this.result = { table: t.name, addressing, matched: 0, changed: 0, skipped: 0, columns: this.counts, samples: [] };
  }

  async byPrimaryKey(): Promise<void> {
    const { t, d } = this;
    const keyList = t.pk.map((c) => c.ident).join(", ");
    const select = [...t.pk.map((c, i) => `${c.ident} AS k${i}`), ...this.textColumns()].join(", ");
    const keyShape: KeyShape = { select: t.pk.map((c, i) => `${c.ident} AS k${i}`), on: t.pk.map((c, i) => `t.${c.ident} = s.k${i}`).join(" AND ") };
    let after: unknown[] | undefined;
    for (;;) {
      const p = new Params(d);
      const where = [this.mentions(p)];
      if (after) where.push(t.pk.length === 1 ? `${keyList} > ${p.add(after[0])}` : `(${keyList}) > (${after.map((v) => p.add(v)).join(", ")})`);
      const rows: Row[] = await this.sql.unsafe(`SELECT ${select} FROM ${t.ident} WHERE ${where.join(" AND ")} ORDER BY ${keyList} LIMIT ${this.o.batchSize}`, p.values);
      const changes: Change[] = [];
      for (const row of rows) {
        const key = t.pk.map((c, i) => keyValue(t, c, row[`k${i}`]));
        const sets = this.transform(row, key.join(","));
        if (sets) changes.push({ key, sets });
        after = key;
      }
      await this.writeBatch(changes, keyShape);
      if (rows.length < this.o.batchSize) return;
    }
  }

  /** PostgreSQL without a primary key: the matching rows' ctids first (rewritten rows get new ones), then those rows. */
  async byCtid(): Promise<void> {
    const { t, d } = this;
    const p = new Params(d);
    const ids: Row[] = await this.sql.unsafe(`SELECT ctid::text AS id FROM ${t.ident} WHERE ${this.mentions(p)} ORDER BY ctid`, p.values);
    for (let i = 0; i < ids.length; i += this.o.batchSize) {
      const chunk = ids.slice(i, i + this.o.batchSize).map((r) => String(r.id));
      const rows: Row[] = await this.sql.unsafe(`SELECT ctid::text AS id, ${this.textColumns().join(", ")} FROM ${t.ident} WHERE ctid = ANY($1::tid[])`, [chunk]);
      const changes: Change[] = [];
      for (const row of rows) {
        const sets = this.transform(row, `ctid ${row.id}`);
        if (sets) changes.push({ key: [row.id], sets });
      }
      await this.writeBatch(changes, { select: ["ctid::text AS k0"], on: "t.ctid = s.k0::tid" });
    }
  }

  /**
   * MariaDB without a primary key: each row is found again by the exact bytes of every
   * column, one at a time (LIMIT 1; identical rows are interchangeable). The matching rows
   * are read in one go: paging would need an order that rewriting does not disturb.
   */
  async byAllColumns(): Promise<void> {
    const { t, d } = this;
    const image = d.image!;
    const p = new Params(d);
    const select = [...this.textColumns(), ...t.all.map((c, i) => `${image(c)} AS m${i}`)].join(", ");
    const rows: Row[] = await this.sql.unsafe(`SELECT ${select} FROM ${t.ident} WHERE ${this.mentions(p)}`, p.values);
    for (const [n, row] of rows.entries()) {
      const sets = this.transform(row, `#${n + 1}`);
      if (!sets) continue;
      await this.exec(this.update(sets, (q) => t.all.map((c, i) => d.same(image(c), q.add(row[`m${i}`]))).join(" AND "), " LIMIT 1"));
    }
  }

  private textColumns(): string[] {
    return this.t.text.map((c, i) => `${c.read} AS c${i}`);
  }

  /** SQL true for rows where some text column contains some needle (a superset is fine: rows are checked again here). */
  private mentions(p: Params): string {
    const any = this.t.text.flatMap((c) => this.o.needles.map((n) => this.d.contains(c.read, p.add(n.search))));
    return `(${any.join(" OR ")})`;
  }

  /** The changed cells of `row`, counted and sampled; undefined when nothing changes. */
  private transform(row: Row, rowLabel: string): [Column, string][] | undefined {
    this.result.matched++;
    let sets: [Column, string][] | undefined;
    this.t.text.forEach((c, i) => {
      const before = row[`c${i}`];
      if (typeof before !== "string") return;
      const r = replaceValue(before, this.o.needles);
      const count = this.counts[i]!;
      if (r.skipped) count.skipped++, this.result.skipped++;
      if (!r.changed) return;
      count.changed++;
      if (count.changed <= this.o.samples) this.result.samples.push(sampleOf(c.name, rowLabel, before, r.value));
      (sets ??= []).push([c, r.value]);
    });
    if (sets) this.result.changed++;
    return sets;
  }

  private update(sets: [Column, string][], where: (p: Params) => string, suffix = ""): Statement {
    const p = new Params(this.d);
    const assign = sets.map(([c, v]) => `${c.ident} = ${c.write(p.add(v))}`).join(", ");
    return { text: `UPDATE ${this.t.ident} SET ${assign} WHERE ${where(p)}${suffix}`, values: p.values };
  }

  /**
   * Many rows per statement (a statement per row costs a round trip each, several times
   * slower): per changed column, the new values go into a temporary table made from the
   * table itself (so keys keep their exact types and collations) by multi-row INSERTs, and
   * one UPDATE ... JOIN applies them.
   */
  private async writeBatch(changes: Change[], key: KeyShape): Promise<void> {
    if (this.o.dryRun || changes.length === 0) return;
    for (const [n, col] of this.t.text.entries()) {
      const cells = changes.flatMap((ch) => ch.sets.filter(([c]) => c === col).map(([, v]) => ({ key: ch.key, v })));
      if (cells.length === 0) continue;
      const temp = await this.tempFor(n, col, key);
      for (let i = 0; i < cells.length; i += INSERT_ROWS) {
        const p = new Params(this.d);
        const tuples = cells.slice(i, i + INSERT_ROWS).map((c) => `(${[...c.key.map((k) => p.add(k)), col.write(p.add(c.v))].join(", ")})`);
        await this.sql.unsafe(`INSERT INTO ${temp} VALUES ${tuples.join(", ")}`, p.values);
      }
      await this.exec({ text: this.d.updateFrom(this.t.ident, temp, col.ident, key.on), values: [] }, cells.length);
      await this.sql.unsafe(`DELETE FROM ${temp}`);
    }
  }

  /** The temporary table for column `n`: key columns k0.., then v; made on first use. */
  private async tempFor(n: number, col: Column, key: KeyShape): Promise<string> {
    let temp = this.temps[n];
    if (!temp) {
      temp = this.d.temp(`sk_sr_${crypto.randomUUID().replaceAll("-", "")}_${n}`);
      const keys = key.select.map((_, i) => `k${i}`);
      await this.sql.unsafe(this.d.createTemp(temp, keys, `SELECT ${[...key.select, `${col.ident} AS v`].join(", ")} FROM ${this.t.ident} WHERE 1 = 0`));
      this.temps[n] = temp;
    }
    return temp;
  }

  /** Drops the temporary tables (after a failure, the rollback or the end of the session does). */
  async dropTemps(): Promise<void> {
    for (const temp of this.temps) if (temp) await this.sql.unsafe(this.d.dropTemp(temp));
  }

  private async exec(s: Statement, rows = 1): Promise<void> {
    if (this.o.dryRun) return;
    const res = (await this.sql.unsafe(s.text, s.values)) as unknown as { affectedRows?: number; count?: number };
    const n = Number(res.affectedRows ?? res.count);
    // Any other count means rows are not where we read them: stop, the table rolls back.
    if (n !== rows) throw conflict("search_replace_row_moved", `${this.t.name}: an update touched ${n} rows instead of ${rows}; the table was left as it was.`);
  }
}

/** Primary-key values we can send back exactly; others (floats, unsafe integers, dates, bytes) would address the wrong row. */
function keyValue(t: Table, c: Column, v: unknown): unknown {
  if (typeof v === "string" || typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))) return v;
  throw invalid("unsupported_primary_key", `${t.name}: primary key column ${c.name} holds ${String(v)}, which cannot be matched exactly; exclude this table.`);
}
