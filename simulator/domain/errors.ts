// A refusal with one of the spec's ret_codes. Domain services throw it; the HTTP layer turns
// it into an HTTP 200 answer with ret_code/ret_msg (return-codes.tsv), nothing else.
export class AccpError extends Error {
  constructor(
    readonly retCode: string,
    /** Fills the %s of ret_msg where the code has one (1005, 3023); otherwise only logged. */
    readonly detail?: string,
    /** The rule (rules/*.json) or the code path that refused, for the X-Accp-Sim-Rule header. */
    readonly rule?: string,
  ) {
    super(`${retCode}${detail ? ` ${detail}` : ''}`);
  }
}

/** 1005 naming the field, the most common refusal; X-Accp-Sim-Rule names the service check (`service/<field>`) unless a rule is given. */
export function badField(field: string, reason: string, rule = `service/${field}`): AccpError {
  return new AccpError('1005', `${field} ${reason}`, rule);
}

/** Bad input to the sandbox API or the CLI (not an ACCP answer): HTTP 4xx with {"error": message}. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}
