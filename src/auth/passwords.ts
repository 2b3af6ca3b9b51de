// argon2id through Bun's built-in; parameters are Bun's defaults (64 MiB, t=2).
export const hashPassword = (password: string): Promise<string> => Bun.password.hash(password, { algorithm: "argon2id" });

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await Bun.password.verify(password, hash);
  } catch {
    return false;
  }
}

/** Spend the same time on unknown users as on known ones, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword("serverkit-timing-equaliser");
  await verifyPassword(password, await dummyHash);
}
