// Source spans: where a model object came from in its input text (optional on every model object).
export interface Span {
  /** 0-based offset of the first character in the source text. */
  start: number;
  /** 0-based offset one past the last character. */
  end: number;
}
