/** Thrown by a command that has finished and only wants the process to exit with a code. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
