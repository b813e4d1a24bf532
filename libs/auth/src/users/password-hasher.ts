import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the library defaults (m=64 MiB, t=3, p=4), RFC 9106's second recommendation. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification, so unknown accounts take as long as known ones. */
  async verifyAgainstDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('fisiorag-dummy-password');
    await this.verify(await this.dummyHash, password);
  }
}
