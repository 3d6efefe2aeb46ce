/** Splits a watch stream (one JSON object per line) into complete lines as chunks arrive. */
export class LineSplitter {
  private buffer = '';

  push(text: string): string[] {
    this.buffer += text;
    const parts = this.buffer.split('\n');
    this.buffer = parts.pop()!;
    return parts.filter((line) => line.trim() !== '');
  }

  /** Whatever is left once the stream ends (a last line without its newline). */
  flush(): string[] {
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest === '' ? [] : [rest];
  }
}
