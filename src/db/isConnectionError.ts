/**
 * Whether `error` means the connection to PostgreSQL is gone (server restart, backend terminated,
 * network cut) rather than a problem with the statement: SQLSTATE class 08, admin/crash shutdown,
 * cannot_connect_now, socket errors and node-postgres's own "connection terminated" messages.
 */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code))) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection (?:is )?closed|Client has encountered a connection error|ECONNRESET|EPIPE|terminating connection due to administrator command/i.test(message);
}
