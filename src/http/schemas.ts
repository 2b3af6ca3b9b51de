// Input shapes shared by several routes.
import { z } from "zod";
import { roles } from "../auth/index.ts";

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, "3 to 32 characters: letters, digits, dot, dash or underscore");
export const newPassword = z.string().min(10, "at least 10 characters").max(256);
export const email = z.string().trim().email().max(254);
export const role = z.enum(roles);
export const limit = (max = 200, dflt = 50) => z.coerce.number().int().min(1).max(max).default(dflt);
