// User administration and own-profile changes. Role rules live in roles.ts.
import { forbidden, invalid } from "../lib/errors.ts";
import { userNotFound, usernameTaken } from "./errors.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Principal } from "./principal.ts";
import type { AuthRepo, UserRow } from "./repo.ts";
import { canAssign, type Role } from "./roles.ts";
import type { Sessions } from "./sessions.ts";

export class Users {
  constructor(
    private readonly repo: AuthRepo,
    private readonly sessions: Sessions,
  ) {}

  list = () => this.repo.listUsers();

  async get(id: number): Promise<UserRow> {
    const u = await this.repo.userById(id);
    if (!u) throw userNotFound();
    return u;
  }

  async getByUsername(username: string): Promise<UserRow> {
    const u = await this.repo.userByUsername(username);
    if (!u) throw userNotFound();
    return u;
  }

  /** actor undefined = the console (CLI), which may do anything, including create owners. */
  async create(actor: Principal | undefined, input: { username: string; password: string; email?: string | null; role: Role }): Promise<UserRow> {
    if (actor && !canAssign(actor.role, input.role)) throw forbidden("role_not_assignable", `You cannot create a user with role ${input.role}.`);
    if (await this.repo.userByUsername(input.username)) throw usernameTaken(input.username);
    return this.repo.insertUser({
      username: input.username,
      email: input.email ?? null,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
  }

  async update(actor: Principal, id: number, patch: { role?: Role; disabled?: boolean; email?: string | null }): Promise<UserRow> {
    const target = await this.get(id);
    if (target.id === actor.userId && (patch.role !== undefined || patch.disabled)) {
      throw forbidden("self_change", "You cannot change your own role or disable yourself.");
    }
    if (!canAssign(actor.role, target.role)) throw forbidden("user_not_manageable", `You cannot change a user with role ${target.role}.`);
    if (patch.role !== undefined && !canAssign(actor.role, patch.role)) throw forbidden("role_not_assignable", `You cannot give role ${patch.role}.`);
    const updated = (await this.repo.updateUser(id, patch))!;
    if (patch.disabled) await this.sessions.destroyOthers(id);
    return updated;
  }

  async remove(actor: Principal, id: number): Promise<UserRow> {
    const target = await this.get(id);
    if (target.id === actor.userId) throw forbidden("self_delete", "You cannot delete your own account.");
    if (!canAssign(actor.role, target.role)) throw forbidden("user_not_manageable", `You cannot delete a user with role ${target.role}.`);
    await this.repo.deleteUser(id);
    return target;
  }

  /** Sensitive changes ask for the password again, so an unattended browser cannot make them. */
  async confirmPassword(userId: number, password: string): Promise<UserRow> {
    const user = await this.get(userId);
    if (!(await verifyPassword(password, user.passwordHash))) throw invalid("invalid_password", "Your password is not correct.");
    return user;
  }

  async changePassword(actor: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.confirmPassword(actor.userId, currentPassword);
    await this.repo.updateUser(user.id, { passwordHash: await hashPassword(newPassword) });
    await this.sessions.destroyOthers(user.id, actor.sessionId);
  }

  /** Console recovery: a sysadmin with shell access resets a password and signs everyone out. */
  async resetPassword(username: string, newPassword: string): Promise<void> {
    const user = await this.getByUsername(username);
    await this.repo.updateUser(user.id, { passwordHash: await hashPassword(newPassword), disabled: false });
    await this.sessions.destroyOthers(user.id);
  }
}
