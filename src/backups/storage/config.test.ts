// What the plan form may send as a storage target: a table of inputs and what becomes of them.
import { expect, test } from "bun:test";
import { storageConfigSchema } from "./index.ts";

const s3 = { kind: "s3", endpoint: "https://s3.eu-central-1.amazonaws.com", bucket: "my-backups", accessKeyId: "AKIA123", secretAccessKey: "secret" };

const accepted: [string, unknown, unknown][] = [
  ["local folder, normalised", { kind: "local", path: "/var/backups//serverkit/" }, { kind: "local", path: "/var/backups/serverkit" }],
  ["s3 minimal", s3, s3],
  ["s3 endpoint with port and trailing slash", { ...s3, endpoint: "http://127.0.0.1:9000/" }, { ...s3, endpoint: "http://127.0.0.1:9000" }],
  ["s3 prefix, trailing slash dropped", { ...s3, prefix: "servers/web-1/" }, { ...s3, prefix: "servers/web-1" }],
  ["s3 empty prefix means none", { ...s3, prefix: "" }, s3],
  ["s3 region", { ...s3, region: "eu-central-1" }, { ...s3, region: "eu-central-1" }],
  ["s3 dotted bucket", { ...s3, bucket: "backups.example.com" }, { ...s3, bucket: "backups.example.com" }],
];

const refused: [string, unknown, string][] = [
  ["relative local path", { kind: "local", path: "backups" }, "path"],
  ["local path with ..", { kind: "local", path: "/var/backups/../etc" }, "path"],
  ["local root", { kind: "local", path: "/" }, "path"],
  ["empty local path", { kind: "local", path: "" }, "path"],
  ["endpoint that is not a URL", { ...s3, endpoint: "s3.amazonaws.com" }, "endpoint"],
  ["ftp endpoint", { ...s3, endpoint: "ftp://s3.example.com" }, "endpoint"],
  ["endpoint with credentials", { ...s3, endpoint: "https://key:secret@s3.example.com" }, "endpoint"],
  ["endpoint with a path", { ...s3, endpoint: "https://s3.example.com/my-backups" }, "endpoint"],
  ["uppercase bucket", { ...s3, bucket: "MyBackups" }, "bucket"],
  ["short bucket", { ...s3, bucket: "ab" }, "bucket"],
  ["bucket with ..", { ...s3, bucket: "my..backups" }, "bucket"],
  ["bucket like an IP", { ...s3, bucket: "192.168.1.10" }, "bucket"],
  ["prefix with leading /", { ...s3, prefix: "/servers" }, "prefix"],
  ["prefix with ..", { ...s3, prefix: "servers/../other" }, "prefix"],
  ["prefix with empty part", { ...s3, prefix: "servers//web" }, "prefix"],
  ["empty access key", { ...s3, accessKeyId: "" }, "accessKeyId"],
  ["missing secret", { ...s3, secretAccessKey: undefined }, "secretAccessKey"],
  ["unknown kind", { kind: "ftp", path: "/x" }, "kind"],
];

for (const [name, input, output] of accepted) {
  test(`accepts ${name}`, () => {
    expect(storageConfigSchema.parse(input)).toEqual(output as never);
  });
}

for (const [name, input, field] of refused) {
  test(`refuses ${name}`, () => {
    const r = storageConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });
}
