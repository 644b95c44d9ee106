import type { FieldResult } from './settings-input';

/**
 * The edit state of a validated settings field: text that does not parse stays in the field
 * (`text`) with the sentence saying what to fix (`error`) and is not saved; text that parses is
 * saved and the field shows the saved value again.
 */
export class FieldDraft<T> {
  /** The text being edited, or null when the field shows the saved value. */
  text = $state<string | null>(null);
  error = $state('');

  constructor(private readonly parse: (text: string) => FieldResult<T>) {}

  /** Keeps `text` as the draft and says whether it is valid (for checking as the user types). */
  check(text: string): void {
    this.text = text;
    const result = this.parse(text);
    this.error = result.ok ? '' : result.error;
  }

  /** Saves `text` through `save` when it parses; otherwise keeps it as the draft with the error. */
  commit(text: string, save: (value: T | undefined) => void): void {
    const result = this.parse(text);
    if (!result.ok) {
      this.text = text;
      this.error = result.error;
      return;
    }
    this.text = null;
    this.error = '';
    save(result.value);
  }
}
