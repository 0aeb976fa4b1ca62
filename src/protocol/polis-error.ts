/**
 * The base of every error Polis reports. `code` is stable for programs; `message` says what failed and
 * what to do about it.
 *
 * @example
 * try { system.spawn(m, { id: 'а' }) } catch (e) { if (e instanceof PolisError) console.log(e.code) }
 */
export class PolisError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
