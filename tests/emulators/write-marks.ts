import { epochNow, type TokenWriteMarks } from './scenario';

/** Fills Scenario.marks: the time of the write that carries the first (last) queued token. */
export class MarkStamper {
  private first = false;
  private last = false;

  constructor(
    private readonly marks: TokenWriteMarks | undefined,
    private readonly count: number,
  ) {}

  queued(index: number): void {
    if (index === 0) this.first = true;
    if (index === this.count - 1) this.last = true;
  }

  stamp(): void {
    if (this.marks === undefined || !(this.first || this.last)) return;
    const now = epochNow();
    if (this.first) this.marks.firstTokenWrittenAt = now;
    if (this.last) this.marks.lastTokenWrittenAt = now;
    this.first = this.last = false;
  }
}
