/** A failed API call, carrying the Kubernetes Status the server answered (when it did). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly causes: { field?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message: string }[] };
}

/** The error for a non-2xx answer, from its Status body when it has one. */
export const apiErrorOf = (code: number, body: unknown, fallback: string): ApiError => {
  const status = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  if (status.kind === 'Status' && status.message) return new ApiError(code, status.reason ?? '', status.message, status.details?.causes ?? []);
  return new ApiError(code, '', typeof body === 'string' && body.trim() ? `${fallback}: ${body.trim().slice(0, 200)}` : fallback);
};

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
