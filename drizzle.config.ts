// Used only by `bunx drizzle-kit generate` during development to draft new migrations.
export default {
  dialect: "sqlite",
  schema: "./src/db/schema/index.ts",
  out: "./src/db/migrations",
};
