/**
 * Bad input to a chart, the report or the live callback. Its own class because this package depends on
 * nothing of nnts (not even @nnts/tensor, whose NntsError the other packages throw): it draws numbers.
 */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}
