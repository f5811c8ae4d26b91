// Encryption of queued captures with WebCrypto AES-GCM. The key is generated per session,
// non-extractable and held only in memory: closing the app makes queued data unreadable.
export interface Sealed { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer }

export class SessionSealer {
  private constructor(private readonly key: CryptoKey) {}

  static async create(): Promise<SessionSealer> {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return new SessionSealer(key);
  }

  async seal(value: unknown): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(value));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.key, plain);
    return { iv, data };
  }

  /** Throws if the data was sealed with another key or altered (GCM authentication). */
  async open<T>(sealed: Sealed): Promise<T> {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, this.key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  }
}
