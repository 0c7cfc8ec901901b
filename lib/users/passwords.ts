// Passwords are hashed with argon2id (memory-hard: a stolen hash costs a guesser memory as well
// as time), with the library's defaults, which are OWASP's recommended parameters.
import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed hash matches nothing.
    return false;
  }
}
