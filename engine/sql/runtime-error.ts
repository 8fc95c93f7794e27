/**
 * The error a SQL expression raises where Flink would fail the job at run time (a CAST that
 * cannot parse its input, an integer division by zero, an invalid LIKE escape, a record value
 * that does not match its column's declared type). The `sql` operator routes the record to the
 * node's `errors` port with `reason` and goes on; TRY_CAST and the functions Flink defines as
 * returning NULL never throw it.
 */
export class SqlRuntimeError extends Error {
  /**
   * @param reason what went wrong, in Flink's words where Flink has them
   *   (`For input string: 'abc'. Invalid character found.`)
   * @param functionName the operator or function that failed (`CAST`, `/`, `LIKE`), if any
   */
  constructor(
    readonly reason: string,
    readonly functionName?: string,
  ) {
    super(functionName === undefined ? reason : `${functionName}: ${reason}`);
    this.name = 'SqlRuntimeError';
  }
}
